import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ReplySender, updateEmailSettings } from '@deskwire/server';
import nodemailer from 'nodemailer';
import { auth, DEMO_ORG } from '../helpers/test-server.js';
import { customerMail, type EmailHarness, SUPPORT, startEmailHarness, startSmtpSink } from './email-harness.js';

describe('SMTP inbound: STARTTLS with the given key and certificate', () => {
  let h: EmailHarness;
  let plain: EmailHarness;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-tls-'));
    // A self-signed certificate for the test, made by the system's openssl.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=mx.edu101.example',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) };
    h = await startEmailHarness({ smtp: { tls } });
    plain = await startEmailHarness();
  });
  after(async () => {
    await h.close();
    await plain.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (port: number, n: number, requireTLS: boolean) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS,
      tls: { rejectUnauthorized: false },
    });
    return transport
      .sendMail({
        envelope: { from: 'wim@customer.example', to: [SUPPORT] },
        raw: customerMail({ subject: `TLS ${n}`, body: 'x', messageId: `tls-${n}@customer.example` }),
      })
      .finally(() => transport.close());
  };

  test('with key and certificate, STARTTLS is offered and the message is stored over TLS with the given certificate', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: h.smtpPort,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    const info = await transport.sendMail({
      envelope: { from: 'wim@customer.example', to: [SUPPORT] },
      raw: customerMail({ subject: 'TLS 1', body: 'x', messageId: 'tls-1@customer.example' }),
    });
    transport.close();
    assert.match(info.response, /^250 /);
    // The certificate the listener presents is the one it was given.
    const tls = await import('node:tls');
    const net = await import('node:net');
    const peerCn = await new Promise<string | undefined>((resolve, reject) => {
      const socket = net.connect(h.smtpPort, '127.0.0.1');
      let stage = 0;
      socket.setEncoding('utf8');
      socket.on('data', (line: string) => {
        if (stage === 0 && line.startsWith('220')) {
          stage = 1;
          socket.write('EHLO test.example\r\n');
        } else if (stage === 1 && /^250 /m.test(line)) {
          assert.match(line, /STARTTLS/);
          stage = 2;
          socket.write('STARTTLS\r\n');
        } else if (stage === 2 && line.startsWith('220')) {
          stage = 3;
          socket.removeAllListeners('data');
          const secure = tls.connect({ socket, rejectUnauthorized: false }, () => {
            resolve(secure.getPeerCertificate().subject?.CN as string | undefined);
            secure.end();
          });
          secure.on('error', reject);
        }
      });
      socket.on('error', reject);
    });
    assert.equal(peerCn, 'mx.edu101.example');
  });

  test('without them, STARTTLS is not advertised: a client that requires TLS is refused, a plain one is served', async () => {
    await assert.rejects(send(plain.smtpPort, 2, true), /STARTTLS/);
    assert.match((await send(plain.smtpPort, 3, false)).response, /^250 /);
  });
});

describe('outbound replies: the tenant From address and DKIM signing with the tenant key', () => {
  let h: EmailHarness;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  before(async () => {
    h = await startEmailHarness();
    sink = await startSmtpSink();
    await updateEmailSettings(
      {
        orgId: DEMO_ORG,
        patch: {
          relayUrl: sink.url,
          fromAddress: 'Replies@Edu101.example',
          dkim: {
            domainName: 'edu101.example',
            keySelector: 'dw1',
            privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          },
        },
      },
      h.server.deskwire,
    );
  });
  after(async () => {
    await sink.close();
    await h.close();
  });

  test('a reply carries a DKIM-Signature for the domain and selector that verifies with the public key', async () => {
    await h.deliver(
      customerMail({
        from: 'wim@customer.example',
        subject: 'Signed?',
        body: 'x',
        messageId: 'dkim-1@customer.example',
      }),
    );
    const res = await h.server.app.inject({
      method: 'POST',
      url: `/api/v1/tenants/${DEMO_ORG}/tickets/144/replies`,
      headers: auth(h.server.demo),
      payload: { text: 'Signed reply.\n\nWith  two   spaces and a trailing blank line.\n\n' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(await new ReplySender(h.channel.deps, { backoffMs: () => 0 }).runOnce(), 1);
    const [mail] = sink.received;
    assert.ok(mail);
    // The tenant's own From address (stored normalized), in the envelope and the header.
    assert.equal(mail.from, 'replies@edu101.example');
    assert.match(mail.raw.toString('utf8'), /^From: .*replies@edu101\.example/im);
    const result = verifyDkim(mail.raw, publicKey);
    assert.equal(result.domain, 'edu101.example');
    assert.equal(result.selector, 'dw1');
    assert.ok(result.bodyHashMatches, 'bh= is the hash of the body as received');
    assert.ok(result.signatureVerifies, 'b= verifies with the public key over the signed headers');
    // A changed body no longer verifies: the signature covers what the customer reads.
    const tampered = Buffer.from(mail.raw.toString('utf8').replace('Signed reply.', 'Forged reply.'));
    assert.equal(verifyDkim(tampered, publicKey).bodyHashMatches, false);
  });
});

/** RFC 6376 verification (relaxed/relaxed, rsa-sha256) of the first DKIM-Signature, with a known public key. */
function verifyDkim(raw: Buffer, publicKey: Parameters<typeof verify>[2]) {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const body = text.slice(split + 4);
  const fields: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  const nameOf = (field: string) => field.slice(0, field.indexOf(':')).trim().toLowerCase();
  const relaxedHeader = (field: string) =>
    `${nameOf(field)}:${field
      .slice(field.indexOf(':') + 1)
      .replace(/\r\n/g, '')
      .replace(/[ \t]+/g, ' ')
      .trim()}`;
  const signature = fields.find((f) => nameOf(f) === 'dkim-signature');
  assert.ok(signature, 'a DKIM-Signature header');
  const tags = new Map(
    signature
      .slice(signature.indexOf(':') + 1)
      .replace(/\s+/g, '')
      .split(';')
      .filter(Boolean)
      .map((tag) => [tag.slice(0, tag.indexOf('=')), tag.slice(tag.indexOf('=') + 1)] as [string, string]),
  );
  assert.equal(tags.get('a'), 'rsa-sha256');
  assert.equal(tags.get('c'), 'relaxed/relaxed');
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const canonicalBody = lines.length > 0 ? `${lines.join('\r\n')}\r\n` : '';
  const bodyHash = createHash('sha256').update(canonicalBody).digest('base64');
  const used = new Set<number>();
  const signed = (tags.get('h') ?? '').split(':').map((name) => {
    for (let i = fields.length - 1; i >= 0; i--) {
      const field = fields[i] as string;
      if (!used.has(i) && nameOf(field) === name.toLowerCase() && field !== signature) {
        used.add(i);
        return `${relaxedHeader(field)}\r\n`;
      }
    }
    return '';
  });
  const unsigned = relaxedHeader(signature)
    .replace(/b=[^;]*$/, 'b=')
    .replace(/b=[^;]*;/, 'b=;');
  const data = Buffer.from(signed.join('') + unsigned);
  return {
    domain: tags.get('d'),
    selector: tags.get('s'),
    bodyHashMatches: bodyHash === tags.get('bh'),
    signatureVerifies: verify('sha256', data, publicKey, Buffer.from(tags.get('b') ?? '', 'base64')),
  };
}
