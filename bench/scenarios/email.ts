// Email ingest: messages of about 50 KB with one attachment delivered over SMTP (4 connections) to
// `deskwire serve --smtp-port`, where each is parsed, stored (ticket, conversation, attachment, raw .eml)
// and committed before its 250; against the same client delivering to a bare smtp-server that reads and
// discards each message (the library's accept ceiling), measured in the same run. Peak RSS of the server.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { startChild } from '../lib/child.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { figure, ratio } from '../lib/stats.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const ORG = 22824;
const MAILBOX = 'support@edu101.example';

/** The bare listener: smtp-server accepting every message and discarding it after reading it whole. */
const BARE = `
const { SMTPServer } = require('smtp-server');
const s = new SMTPServer({ authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, size: 26214400,
  onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => cb()); } });
s.listen(0, '127.0.0.1', () => console.log('smtp://127.0.0.1:' + s.server.address().port));
`;

export const emailScenario: Scenario = {
  name: 'email',
  description:
    'SMTP ingest of 50 KB messages with one attachment: messages/s and peak RSS, vs the bare smtp-server accept rate',
  async run(settings) {
    const count = settings.quick ? 200 : 1000;
    const messages = Array.from({ length: count }, (_, i) => message(i));
    const ours: number[] = [];
    const bare: number[] = [];
    const peaks: number[] = [];
    const rounds = Math.min(settings.rounds, 3);
    for (let round = 0; round < rounds; round++) {
      const dir = await mkdtemp(join(tmpdir(), 'deskwire-bench-email-'));
      const smtpPort = await freePort();
      const server = await startChild(
        process.execPath,
        [
          BIN,
          'serve',
          '--port',
          '0',
          '--data-dir',
          dir,
          '--log-level',
          'silent',
          '--migrate',
          '--demo',
          '--smtp-port',
          String(smtpPort),
        ],
        /^(http:\/\/\S+)\s*$/m,
      );
      try {
        execFileSync(process.execPath, [
          BIN,
          'mailbox',
          'add',
          '--org-id',
          String(ORG),
          '--address',
          MAILBOX,
          '--data-dir',
          dir,
        ]);
        ours.push(await deliverAll(smtpPort, messages));
        peaks.push((await server.memory()).hwm);
      } finally {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      }
      const sink = await startChild(process.execPath, ['-e', BARE], /^(smtp:\/\/\S+)\s*$/m);
      try {
        bare.push(await deliverAll(Number(new URL(sink.url).port), messages));
      } finally {
        await sink.stop();
      }
    }
    const figures = {
      ingest_per_s: figure('messages/s', ours),
      bare_accept_per_s: figure('messages/s', bare),
      rss_peak: figure('bytes', peaks),
    };
    const share = ratio(figures.ingest_per_s, figures.bare_accept_per_s);
    const row: Row = {
      scenario: 'email',
      case: `${count} SMTP messages of ~50 KB with one attachment, 4 connections (${rounds} rounds)`,
      ours: `${figures.ingest_per_s.median.toFixed(0)} msg/s stored · peak RSS ${(figures.rss_peak.median / 1024 ** 2).toFixed(0)} MiB`,
      reference: `bare smtp-server ${figures.bare_accept_per_s.median.toFixed(0)} msg/s`,
      ratio: `${(share * 100).toFixed(1)}% of the bare accept rate`,
      figures,
    };
    return [row];
  },
};

/** Delivers every message once (4 pooled connections); resolves with messages per second. */
async function deliverAll(port: number, messages: readonly string[]): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 4,
    maxMessages: Number.POSITIVE_INFINITY,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
  });
  const t0 = performance.now();
  await Promise.all(
    messages.map((raw, i) =>
      transport.sendMail({ envelope: { from: `customer${i}@bench.example`, to: [MAILBOX] }, raw }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return messages.length / seconds;
}

/** About 50 KB: a short text part and a 36 KB binary attachment (base64, so ~49 KB on the wire). */
function message(i: number): string {
  const attachment = randomBytes(36 * 1024)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return [
    `From: Customer ${i} <customer${i}@bench.example>`,
    `To: ${MAILBOX}`,
    `Subject: Bench message ${i}`,
    `Message-ID: <bench-${i}-${randomBytes(6).toString('hex')}@bench.example>`,
    'Date: Mon, 02 Sep 2024 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, this is message ${i}. The scan is attached.`,
    '--b',
    `Content-Type: application/octet-stream; name="scan-${i}.bin"`,
    `Content-Disposition: attachment; filename="scan-${i}.bin"`,
    'Content-Transfer-Encoding: base64',
    '',
    attachment,
    '--b--',
    '',
  ].join('\r\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
