import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEmail } from '@deskwire/server';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, demoKeys, runCli, runCliJson, smtpPortOf, waitForStdoutLine } from './helpers/run-cli.js';

const TEST_TIMEOUT = 60_000;

/** A real SMTP server standing in for the customer's mail server. */
async function startSink() {
  const received: Buffer[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => sink.close(() => r())) };
}

describe('deskwire serve --smtp-port, mailbox and ticket reply', () => {
  test(
    'mail to a tenant address opens a ticket; ticket reply goes out through the relay with threading headers',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const sink = await startSink();
      t.after(() => sink.close());
      const server = await f.serve('--demo', '--smtp-port', '0', '--mail-relay', sink.url);
      const smtpPort = await smtpPortOf(server);
      // The demo banner is the last write, after the SMTP line.
      await waitForStdoutLine(server, /X-LSQ-SECRET-KEY: /);
      const keys = demoKeys(server.stdout());

      const added = await runCliJson([
        'mailbox',
        'add',
        '--org-id',
        String(DEMO_ORG),
        '--address',
        'Support@Edu101.example',
        '--data-dir',
        f.dataDir,
        '--json',
      ]);
      assert.deepEqual(added, { orgId: DEMO_ORG, address: 'support@edu101.example' });
      const taken = await runCli([
        'mailbox',
        'add',
        '--org-id',
        '1',
        '--address',
        'support@edu101.example',
        '--data-dir',
        f.dataDir,
      ]);
      assert.notEqual(taken.code, 0, 'an address belongs to one tenant');

      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      const info = await transport.sendMail({
        from: 'Wim <wim@customer.example>',
        to: 'support@edu101.example',
        subject: 'Refund please',
        text: 'I was charged twice.',
        messageId: '<refund-1@customer.example>',
      });
      transport.close();
      assert.match(info.response, /^250 /);

      const replied = await runCliJson<{ ticketNumber: number; messageId: string; to: string[] }>([
        'ticket',
        'reply',
        '144',
        '--host',
        server.url,
        '--vendor',
        'leadsquared',
        '--org-id',
        String(DEMO_ORG),
        '--access-key',
        keys.accessKey,
        '--secret-key',
        keys.secretKey,
        '--text',
        'Refunded today.',
        '--json',
      ]);
      assert.equal(replied.ticketNumber, 144);
      assert.deepEqual(replied.to, ['wim@customer.example']);

      // The server's sender polls its queue; wait for the sink to get the reply.
      const deadline = Date.now() + 20_000;
      while (sink.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(sink.received.length, 1, server.stderr());
      const mail = await parseEmail(sink.received[0] ?? Buffer.alloc(0));
      assert.equal(mail.messageId, replied.messageId);
      assert.equal(mail.subject, 'Re: [#144] Refund please');
      assert.equal(mail.referenced[0], 'refund-1@customer.example');

      const missing = await runCli([
        'ticket',
        'reply',
        '999',
        '--host',
        server.url,
        '--vendor',
        'leadsquared',
        '--org-id',
        String(DEMO_ORG),
        '--access-key',
        keys.accessKey,
        '--secret-key',
        keys.secretKey,
        '--text',
        'x',
      ]);
      assert.equal(missing.code, 4, missing.stderr);

      const listed = await runCliJson<{ addresses: string[]; settings: { relayUrl: unknown } }>([
        'mailbox',
        'list',
        '--org-id',
        String(DEMO_ORG),
        '--data-dir',
        f.dataDir,
        '--json',
      ]);
      assert.deepEqual(listed.addresses, ['support@edu101.example']);
    },
  );
});
