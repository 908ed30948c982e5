import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parseEmail } from '@deskwire/server';
import { DEMO_ORG } from '../helpers/test-server.js';
import { CORPUS_SIGNING_KEY } from './corpus/generate-corpus.js';
import { type EmailHarness, startEmailHarness } from './email-harness.js';

interface Row {
  seq: number;
  file: string;
  conversation: string;
  step: string;
  expected: string;
  replyToOurs: boolean;
}

const corpus = new URL('./corpus/', import.meta.url);

/** The table in corpus/README.md: the corpus's one statement of where each message must land. */
async function readTable(): Promise<Row[]> {
  const text = await readFile(new URL('README.md', corpus), 'utf8');
  return [
    ...text.matchAll(/^\| (\d+) \| `([^`]+)` \| (C\d+) \| [\w-]+ \| ([\w-]+) \| [^|]+ \| ([\w:]+) \| (✓?) \|$/gm),
  ].map((m) => ({
    seq: Number(m[1]),
    file: m[2] ?? '',
    conversation: m[3] ?? '',
    step: m[4] ?? '',
    expected: m[5] ?? '',
    replyToOurs: m[6] === '✓',
  }));
}

describe('threading corpus (corpus/README.md) over SMTP', () => {
  let h: EmailHarness;
  let rows: Row[];
  before(async () => {
    h = await startEmailHarness({ signingKey: CORPUS_SIGNING_KEY });
    rows = await readTable();
  });
  after(() => h.close());

  test('≥ 200 messages; 100% of replies to our mail and ≥ 98% overall land where the table says; forged tokens never attach', async () => {
    assert.ok(rows.length >= 200, `the table lists ${rows.length} messages`);
    const storage = h.server.deskwire.storage;
    const ticketOfLabel = new Map<string, number>();
    const seen = new Set<number>([143]);
    const misses: string[] = [];
    let oursTotal = 0;
    let oursRight = 0;
    for (const row of rows) {
      const raw = await readFile(new URL(`eml/${row.file}`, corpus));
      const response = await h.deliver(raw, { from: envelopeSender(raw) });
      assert.match(response, /^250 /, row.file);
      const parsed = await parseEmail(raw);
      const record = await storage.email.findDuplicate(DEMO_ORG, parsed.messageId, parsed.contentHash);
      assert.ok(record, `${row.file} is stored`);
      const number = record.ticketId
        ? (await storage.tickets.find(DEMO_ORG, { id: record.ticketId }))?.number
        : undefined;
      let right: boolean;
      if (row.expected === 'none') right = number === undefined;
      else if (row.expected === 'new') right = number !== undefined && !seen.has(number);
      else if (row.expected.startsWith('new:')) {
        right = number !== undefined && !seen.has(number);
        if (number !== undefined) ticketOfLabel.set(row.expected.slice(4), number);
      } else right = number !== undefined && ticketOfLabel.get(row.expected) === number;
      if (number !== undefined) seen.add(number);
      if (row.step === 'forged') {
        assert.notEqual(number, ticketOfLabel.get(row.conversation), `${row.file}: a forged token must not attach`);
      }
      if (!right)
        misses.push(`${row.file} (expected ${row.expected}, got ${number === undefined ? 'none' : `#${number}`})`);
      if (row.replyToOurs) {
        oursTotal += 1;
        if (right) oursRight += 1;
      }
    }
    const overall = (rows.length - misses.length) / rows.length;
    process.stdout.write(
      `# corpus: ${rows.length - misses.length}/${rows.length} right (${(overall * 100).toFixed(1)}%), replies to our mail ${oursRight}/${oursTotal}; misses: ${misses.join(', ') || 'none'}\n`,
    );
    assert.equal(oursRight, oursTotal, `every reply to our mail threads: ${misses.join(', ')}`);
    assert.ok(overall >= 0.98, `overall ${overall}: ${misses.join(', ')}`);
  });

  test('delivering the whole corpus a second time stores nothing new (0 duplicates)', async () => {
    const count = async () => {
      const tickets = await h.server.deskwire.storage.settings.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', DEMO_ORG)
        .executeTakeFirstOrThrow();
      const messages = await h.server.deskwire.storage.settings.db
        .selectFrom('email_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const activities = await h.server.deskwire.storage.settings.db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return [Number(tickets.n), Number(messages.n), Number(activities.n)];
    };
    const before = await count();
    for (const row of rows) {
      const raw = await readFile(new URL(`eml/${row.file}`, corpus));
      assert.match(await h.deliver(raw, { from: envelopeSender(raw) }), /^250 /);
    }
    assert.deepEqual(await count(), before);
  });
});

/** MAIL FROM as an MTA would give it: `<>` (empty) for a bounce, else the From address. */
function envelopeSender(raw: Buffer): string {
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString();
  if (/^From: MAILER-DAEMON/im.test(head)) return '';
  const from = /^From: (.*)$/im.exec(head)?.[1] ?? '';
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
