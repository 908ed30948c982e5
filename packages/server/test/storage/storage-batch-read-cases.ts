/** The storage suite's batch read cases: each `*Many` read against its single read, in order, per tenant. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { StorageSuiteContext } from './storage-suite-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function storageBatchReadCases(ctx: StorageSuiteContext) {
  const { now, ticket } = ctx;

  describe('batch reads match the single reads, in order, scoped to the tenant', () => {
    const at = (day: number) => new Date(Date.UTC(2025, 1, day));
    const file = (name: string) => ({
      fileName: name,
      contentType: 'text/plain',
      size: name.length,
      sha256: name.padEnd(64, '0'),
      created: true,
    });
    const a = ticket(1, 800);
    const b = ticket(1, 801);
    const c = ticket(1, 802);
    const gone = ticket(1, 803);
    const theirs = ticket(2, 800);
    /** More ids than one `IN` list carries, so the chunked path runs on every engine. */
    const many = (real: readonly string[]) => [...Array.from({ length: 1200 }, () => randomUUID()), ...real];

    before(async () => {
      await ctx.storage.tickets.insert(
        a,
        new Map<string, string | number>([
          ['Title', 'a'],
          ['RelatedStageId', 1],
        ]),
      );
      await ctx.storage.tickets.insert(b, new Map());
      await ctx.storage.tickets.insert(c, new Map([['Title', 'c']]));
      await ctx.storage.tickets.insert(gone, new Map([['Title', 'gone']]));
      await ctx.storage.tickets.trash(1, 803, now);
      await ctx.storage.tickets.insert(theirs, new Map([['Title', 'theirs']]));
      // Interleaved across tickets, so a batch must regroup without reordering.
      for (const [t, day, text] of [
        [a, 3, 'a3'],
        [b, 1, 'b1'],
        [a, 1, 'a1'],
        [c, 2, 'c2'],
        [a, 2, 'a2'],
      ] as const) {
        const id = await ctx.storage.activities.insert({
          orgId: 1,
          ticketId: t.id,
          type: text === 'c2' ? 'InternalNote' : 'InboundEmail',
          html: null,
          text,
          createdBy: 'x',
          createdAt: at(day),
        });
        await ctx.storage.activities.attach(
          { orgId: 1, ticketId: t.id, activityId: id, createdAt: at(day) },
          [file(`${text}-y`), file(`${text}-x`)],
          randomUUID,
        );
        await ctx.storage.history.record(1, t.id, [
          { schemaName: 'Title', oldValue: null, newValue: text, changedBy: null, changedAt: at(day) },
        ]);
      }
      for (const [t, day, name] of [
        [a, 5, 'a-late'],
        [b, 4, 'b-only'],
        [a, 4, 'a-early'],
      ] as const) {
        await ctx.storage.activities.attach(
          { orgId: 1, ticketId: t.id, activityId: null, createdAt: at(day) },
          [file(name)],
          randomUUID,
        );
      }
    });

    test('tickets.findMany: the order asked, duplicates once; unknown, trashed and other tenants absent', async () => {
      const found = await ctx.storage.tickets.findMany(1, [802, 800, 9999, 800, 803, 801]);
      assert.deepEqual(found, [c, a, b]);
      assert.deepEqual(await ctx.storage.tickets.findMany(2, [802, 800, 801]), [theirs]);
      assert.deepEqual(await ctx.storage.tickets.findMany(1, []), []);
      const numbers = Array.from({ length: 1200 }, (_, i) => 100_000 + i);
      assert.deepEqual(await ctx.storage.tickets.findMany(1, [...numbers, 801, 800]), [b, a]);
    });

    test('tickets.versionsMany: each live ticket of the tenant by number, as tickets.version reads it', async () => {
      const versions = await ctx.storage.tickets.versionsMany(
        1,
        [802, 800, 9999, 800, 803, 801, 1.5, -1, 3_000_000_000],
      );
      assert.deepEqual([...versions.keys()].sort(), [800, 801, 802]);
      for (const t of [a, b, c]) {
        assert.deepEqual(versions.get(t.number), await ctx.storage.tickets.version(1, { number: t.number }));
      }
      assert.deepEqual([...(await ctx.storage.tickets.versionsMany(2, [802, 800, 801])).keys()], [theirs.number]);
      assert.equal((await ctx.storage.tickets.versionsMany(1, [])).size, 0);
      const many = Array.from({ length: 1200 }, (_, i) => 100_000 + i);
      assert.deepEqual([...(await ctx.storage.tickets.versionsMany(1, [...many, 801, 800])).keys()].sort(), [800, 801]);
    });

    test('tickets.valuesMany: each ticket its own values, an empty map without any', async () => {
      const values = await ctx.storage.tickets.valuesMany([b.id, a.id, c.id]);
      assert.deepEqual([...values.keys()], [b.id, a.id, c.id]);
      for (const t of [a, b, c]) assert.deepEqual(values.get(t.id), await ctx.storage.tickets.values(t.id));
      assert.equal(values.get(b.id)?.size, 0);
      assert.deepEqual(
        values.get(a.id),
        new Map<string, unknown>([
          ['Title', 'a'],
          ['RelatedStageId', 1],
        ]),
      );
      assert.equal((await ctx.storage.tickets.valuesMany([])).size, 0);
      assert.deepEqual((await ctx.storage.tickets.valuesMany(many([c.id]))).get(c.id), new Map([['Title', 'c']]));
    });

    test("leads.getMany: the tenant's leads only", async () => {
      const lead = (orgId: number, email: string) => ({
        id: randomUUID(),
        orgId,
        email,
        phone: null,
        firstName: 'F',
        lastName: null,
        attributes: { City: 'Pune' },
      });
      const mine = lead(1, 'mine@example.com');
      const other = lead(2, 'other@example.com');
      await ctx.storage.leads.create(mine, now);
      await ctx.storage.leads.create(other, now);
      // Read back as stored: with the creation time (K6's generationDate).
      const stored = (l: typeof mine) => ({ ...l, createdAt: now });
      const got = await ctx.storage.leads.getMany(1, [other.id, mine.id, mine.id, randomUUID()]);
      assert.deepEqual([...got], [[mine.id, stored(mine)]]);
      assert.deepEqual(got.get(mine.id), await ctx.storage.leads.get(1, mine.id));
      assert.deepEqual([...(await ctx.storage.leads.getMany(2, [mine.id, other.id]))], [[other.id, stored(other)]]);
      assert.equal((await ctx.storage.leads.getMany(1, [])).size, 0);
      assert.deepEqual((await ctx.storage.leads.getMany(1, many([mine.id]))).get(mine.id), stored(mine));
    });

    test('history.listMany: oldest first per ticket, empty without changes', async () => {
      const changes = await ctx.storage.history.listMany([c.id, a.id, gone.id]);
      assert.deepEqual(
        changes.get(a.id)?.map((h) => h.newValue),
        ['a3', 'a1', 'a2'],
        'in recording order, as `list`',
      );
      for (const t of [a, c, gone]) assert.deepEqual(changes.get(t.id), await ctx.storage.history.list(t.id));
      assert.deepEqual(changes.get(gone.id), []);
      assert.equal((await ctx.storage.history.listMany([])).size, 0);
      assert.deepEqual(
        (await ctx.storage.history.listMany(many([c.id]))).get(c.id),
        await ctx.storage.history.list(c.id),
      );
    });

    test('activities.listMany: oldest first per ticket, of the types asked, with their files', async () => {
      const types = ['InboundEmail', 'InternalNote'] as const;
      const got = await ctx.storage.activities.listMany([c.id, a.id, b.id], types);
      assert.deepEqual(
        got.get(a.id)?.map((x) => x.text),
        ['a1', 'a2', 'a3'],
      );
      assert.deepEqual(
        got.get(a.id)?.[0]?.attachments.map((f) => f.fileName),
        ['a1-x', 'a1-y'],
      );
      for (const t of [a, b, c]) assert.deepEqual(got.get(t.id), await ctx.storage.activities.list(t.id, types));
      const emails = await ctx.storage.activities.listMany([c.id, b.id], ['InboundEmail']);
      assert.deepEqual(emails.get(c.id), [], 'a note is not an email');
      assert.deepEqual(emails.get(b.id), await ctx.storage.activities.list(b.id, ['InboundEmail']));
      assert.deepEqual([...(await ctx.storage.activities.listMany([a.id], []))], [[a.id, []]]);
      assert.equal((await ctx.storage.activities.listMany([], types)).size, 0);
      const chunked = await ctx.storage.activities.listMany(many([a.id]), types);
      assert.deepEqual(chunked.get(a.id), await ctx.storage.activities.list(a.id, types));
    });

    test("activities.listTicketFilesMany: the ticket's own files, oldest first", async () => {
      const got = await ctx.storage.activities.listTicketFilesMany([b.id, a.id, c.id]);
      assert.deepEqual(
        got.get(a.id)?.map((f) => f.fileName),
        ['a-early', 'a-late'],
        "oldest first, and no conversation's files",
      );
      for (const t of [a, b, c]) assert.deepEqual(got.get(t.id), await ctx.storage.activities.listTicketFiles(t.id));
      assert.deepEqual(got.get(c.id), []);
      assert.equal((await ctx.storage.activities.listTicketFilesMany([])).size, 0);
      const chunked = await ctx.storage.activities.listTicketFilesMany(many([b.id]));
      assert.deepEqual(chunked.get(b.id), await ctx.storage.activities.listTicketFiles(b.id));
    });
  });
}
