import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { addActivity, createTenant, createTicket, openDeskwire } from '@deskwire/server';
import Database from 'better-sqlite3';
import { type Fixture, fixture } from './helpers/fixture.js';
import { runWith, spawnCli } from './helpers/run-cli-env.js';

const ADMIN = 'export-kapture-admin';
const ORG = 1002;
/** Tickets created on each day (tenant zone +05:30): 06:00Z is 11:30 IST. */
const DAYS = { '2024-03-10': 18, '2024-03-11': 12 } as const;
const TOTAL = 30;

/**
 * A tenant with tickets created on two fixed days (the server's clock set per ticket), each with an
 * inbound e-mail and an internal note, then a pull and a get token; finally `serve` on the data dir.
 */
async function seedAndServe(f: Fixture): Promise<{ env: Record<string, string>; url: string }> {
  let clock = new Date('2024-03-10T06:00:00Z');
  const deskwire = await openDeskwire({ dataDir: f.dataDir, now: () => clock });
  try {
    const { admin } = await createTenant(
      { orgId: ORG, name: 'Kapture export', rateLimit: { max: 1000, windowMs: 1000 } },
      deskwire,
    );
    let n = 0;
    for (const [day, count] of Object.entries(DAYS)) {
      for (let i = 0; i < count; i++) {
        n++;
        clock = new Date(Date.parse(`${day}T06:00:00Z`) + i * 60_000);
        await createTicket(
          {
            orgId: ORG,
            actor: admin,
            typeId: 1,
            lead: { details: { EmailAddress: `user${n % 5}@example.com` } },
            fields: [{ schemaName: 'Title', value: `Kapture ${n}` }],
          },
          deskwire,
        );
        await addActivity(
          { orgId: ORG, ticket: { number: n }, type: 'InboundEmail', text: `Question ${n}`, createdBy: admin.id },
          deskwire,
        );
        await addActivity(
          { orgId: ORG, ticket: { number: n }, type: 'InternalNote', text: `Note ${n}`, createdBy: admin.id },
          deskwire,
        );
      }
    }
  } finally {
    await deskwire.close();
  }
  const token = async (api: string) => {
    const r = await runWith([
      'token',
      'create',
      '--org-id',
      String(ORG),
      '--api',
      api,
      '--data-dir',
      f.dataDir,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).token as string;
  };
  const pull = await token('pull');
  const get = await token('get');
  const server = await f.serve('--admin-token', ADMIN);
  return {
    url: server.url,
    env: {
      DESKWIRE_CONFIG_DIR: join(f.dataDir, 'config'),
      DESKWIRE_VENDOR: 'kapture',
      DESKWIRE_HOST: server.url,
      DESKWIRE_TOKEN_PULL: pull,
      DESKWIRE_TOKEN_GET: get,
    },
  };
}

const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

test('export --from/--to (Kapture): SIGKILL midway, then a re-run completes with every ticket exactly once', async (t) => {
  const f = await fixture(t);
  const { env } = await seedAndServe(f);
  const out = join(f.dataDir, 'export');
  const args = [
    'export',
    '--from',
    '2024-03-09',
    '--to',
    '2024-03-11',
    '--out',
    out,
    '--rate',
    '8/1s',
    '--progress-interval',
    '200',
  ];

  const child = spawnCli(args, env);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await readFile(join(out, 'state.jsonl'), 'utf8').catch(() => '');
    if (state.split('\n').filter((l) => l.includes('"outcome":"done","end"')).length >= 6) break;
    assert.ok(Date.now() < deadline, `no progress:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  await exited;
  const partial = (await lines(join(out, 'tickets.jsonl'))).length;
  assert.ok(partial < TOTAL, `the first run finished before the kill (${partial})`);
  // The empty day and the first day were listed and journaled: a re-run does not page them again.
  const state = await lines(join(out, 'state.jsonl'));
  assert.deepEqual(
    state.filter((e) => e.id === 'day:2024-03-09').map((e) => e.ids),
    [[]],
  );
  assert.equal(state.find((e) => e.id === 'day:2024-03-10')?.ids.length, DAYS['2024-03-10']);

  const report = join(f.dataDir, 'report.json');
  const rerun = await runWith([...args, '--rate', '50/1s', '--report', report, '--json'], { env, timeoutMs: 20_000 });
  assert.equal(rerun.code, 0, rerun.stderr);
  const summary = JSON.parse(rerun.stdout);
  assert.equal(summary.total, TOTAL);
  assert.ok(summary.skipped >= 6, JSON.stringify(summary));
  assert.equal(summary.failed, 0);
  assert.equal(summary.skipped + summary.done, TOTAL);

  const records = await lines(join(out, 'tickets.jsonl'));
  const ids = records.map((r) => r.id as string);
  assert.equal(ids.length, TOTAL);
  assert.equal(new Set(ids).size, TOTAL, 'every ticket exactly once');
  const titles = records.map((r) => r.ticket.title as string).sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  assert.deepEqual(
    titles,
    Array.from({ length: TOTAL }, (_, i) => `Kapture ${i + 1}`),
  );
  for (const r of records) {
    assert.equal(r.ticket.vendor, 'kapture');
    assert.ok(r.conversations.length >= 1, JSON.stringify(r.conversations));
  }
  const written = JSON.parse(await readFile(report, 'utf8'));
  assert.equal(written.results.length, TOTAL);

  // Nothing left: a third run skips every ticket and writes nothing.
  const third = await runWith([...args, '--json'], { env });
  assert.equal(third.code, 0, third.stderr);
  assert.equal(JSON.parse(third.stdout).skipped, TOTAL);
  assert.equal((await lines(join(out, 'tickets.jsonl'))).length, TOTAL);
});

test('export --format sqlite: tickets, conversations and attachments tables; a re-run adds nothing', async (t) => {
  const f = await fixture(t);
  const { env, url } = await seedAndServe(f);
  // One file on ticket 1, through the sandbox.
  const seeded = await fetch(`${url}/_deskwire/tenants/${ORG}/tickets/1/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'InboundEmail',
      text: 'See attached',
      attachments: [{ fileName: 'a.txt', contentBase64: Buffer.from('hello').toString('base64') }],
    }),
  });
  assert.equal(seeded.status, 201, await seeded.text());

  const db = join(f.dataDir, 'out', 'export.db');
  const args = ['export', '--from', '2024-03-10', '--to', '2024-03-11', '--format', 'sqlite', '--out', db];
  const first = await runWith([...args, '--rate', '50/1s', '--json'], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).done, TOTAL);

  const count = () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const rows = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        tickets: rows('tickets'),
        conversations: rows('conversations'),
        attachments: rows('attachments'),
        vendors: sqlite.prepare('SELECT DISTINCT vendor FROM tickets').pluck().all(),
        path: sqlite.prepare('SELECT path FROM attachments').pluck().get() as string | undefined,
      };
    } finally {
      sqlite.close();
    }
  };
  const before = count();
  assert.equal(before.tickets, TOTAL);
  assert.ok(before.conversations >= TOTAL, JSON.stringify(before));
  assert.deepEqual(before.vendors, ['kapture']);
  if (before.attachments > 0) {
    assert.equal(await readFile(join(f.dataDir, 'out', before.path as string), 'utf8'), 'hello');
  }

  const again = await runWith([...args, '--json'], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).skipped, TOTAL);
  assert.deepEqual(count(), before);
});
