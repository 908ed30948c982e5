import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDeskwire } from '@deskwire/server';
import nodemailer from 'nodemailer';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, runCliJson, smtpPortOf } from './helpers/run-cli.js';

const MESSAGES = 1000;
const KILL_AFTER = 300;

function message(i: number): string {
  return [
    `From: Customer ${i} <customer${i}@crash.example>`,
    'To: support@edu101.example',
    `Subject: Crash test ${i}`,
    `Message-ID: <crash-${i}@crash.example>`,
    'Date: Mon, 02 Sep 2024 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Message number ${i}.`,
    '',
  ].join('\r\n');
}

describe('SIGKILL during a 1,000-message SMTP ingest', () => {
  test(
    'every message that got a 250 is stored, once; redelivering all of them stores each exactly once',
    { timeout: 300_000 },
    async (t) => {
      const f = await fixture(t);
      const first = await f.serve('--demo', '--smtp-port', '0');
      const port = await smtpPortOf(first);
      await runCliJson([
        'mailbox',
        'add',
        '--org-id',
        String(DEMO_ORG),
        '--address',
        'support@edu101.example',
        '--data-dir',
        f.dataDir,
        '--json',
      ]);

      const transport = nodemailer.createTransport({
        pool: true,
        maxConnections: 4,
        maxMessages: Number.POSITIVE_INFINITY,
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
      });
      const acked = new Set<number>();
      let killed: Promise<unknown> | undefined;
      await Promise.all(
        Array.from({ length: MESSAGES }, async (_, i) => {
          try {
            const info = await transport.sendMail({
              envelope: { from: `customer${i}@crash.example`, to: ['support@edu101.example'] },
              raw: message(i),
            });
            if (/^250 /.test(info.response)) acked.add(i);
            if (acked.size === KILL_AFTER && !killed) killed = first.stop('SIGKILL');
          } catch {
            // Not acknowledged: the sending MTA would retry it.
          }
        }),
      );
      transport.close();
      await killed;
      assert.ok(acked.size >= KILL_AFTER && acked.size < MESSAGES, `killed mid-ingest (${acked.size} acknowledged)`);

      const stored = async () => {
        const deskwire = await openDeskwire({ dataDir: f.dataDir });
        try {
          const rows = await deskwire.storage.settings.db
            .selectFrom('email_messages')
            .select(['message_id'])
            .where('org_id', '=', DEMO_ORG)
            .execute();
          const tickets = await deskwire.storage.settings.db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', DEMO_ORG)
            .executeTakeFirstOrThrow();
          return { ids: rows.map((r) => r.message_id), tickets: Number(tickets.n) };
        } finally {
          await deskwire.close();
        }
      };
      const afterCrash = await stored();
      const counts = new Map<string, number>();
      for (const id of afterCrash.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const i of acked)
        assert.equal(counts.get(`crash-${i}@crash.example`), 1, `acknowledged message ${i} is stored once`);
      assert.ok(
        [...counts.values()].every((n) => n === 1),
        'nothing stored twice',
      );
      // Each stored message opened one ticket (plus the demo's #143): no half-written message.
      assert.equal(afterCrash.tickets, afterCrash.ids.length + 1);

      // The MTA retries everything (also what it already delivered, as after a lost 250): each is stored once.
      const second = await f.serve('--smtp-port', '0');
      const port2 = await smtpPortOf(second);
      const retry = nodemailer.createTransport({
        pool: true,
        maxConnections: 4,
        maxMessages: Number.POSITIVE_INFINITY,
        host: '127.0.0.1',
        port: port2,
        secure: false,
        ignoreTLS: true,
      });
      await Promise.all(
        Array.from({ length: MESSAGES }, (_, i) =>
          retry.sendMail({
            envelope: { from: `customer${i}@crash.example`, to: ['support@edu101.example'] },
            raw: message(i),
          }),
        ),
      );
      retry.close();
      await second.stop('SIGTERM');
      const final = await stored();
      assert.equal(final.ids.length, MESSAGES);
      assert.equal(new Set(final.ids).size, MESSAGES);
      assert.equal(final.tickets, MESSAGES + 1);
    },
  );
});
