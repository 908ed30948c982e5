import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Storage, Tenant } from '@deskwire/server';

/**
 * The storage conformance suite: every backend (SQLite now, PostgreSQL next) runs exactly these
 * cases through the public `Storage` API. A backend that needs to skip a case must say why.
 */
export function runStorageSuite(
  name: string,
  open: () => Promise<{ storage: Storage; reopen: () => Promise<Storage>; cleanup: () => Promise<void> }>,
) {
  describe(`storage conformance: ${name}`, () => {
    let storage: Storage;
    let reopen: () => Promise<Storage>;
    let cleanup: () => Promise<void>;
    const now = new Date('2025-01-01T00:00:00Z');
    const tenant = (orgId: number): Tenant => ({
      orgId,
      name: `Org ${orgId}`,
      apiEnabled: true,
      ipAllowlist: ['10.0.0.0/8'],
      rateLimit: { max: 25, windowMs: 5000 },
      createdAt: now,
    });
    const ticket = (orgId: number, number: number) => ({
      id: randomUUID(),
      orgId,
      number,
      typeId: 1,
      leadId: null,
      createdBy: null,
      flags: { TriggerSLA: true, TriggerAssignmentRule: true, TriggerAutomation: true, TriggerNotification: true },
      creationType: 'SYSTEM',
      createdAt: now,
      updatedAt: now,
    });

    before(async () => {
      ({ storage, reopen, cleanup } = await open());
      await storage.tenants.create(tenant(1));
      await storage.tenants.create(tenant(2));
    });
    after(() => cleanup());

    test('tenants round-trip every column', async () => {
      assert.deepEqual(await storage.tenants.get(1), tenant(1));
      assert.equal(await storage.tenants.get(3), undefined);
    });

    test('ticket numbers are allocated per tenant, unique under concurrency', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 20 }, () => storage.transaction((tx) => tx.tenants.allocateTicketNumber(1))),
      );
      assert.deepEqual(
        [...numbers].sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.equal(await storage.transaction((tx) => tx.tenants.allocateTicketNumber(2)), 1);
    });

    test('a transaction that throws writes nothing', async () => {
      const t = ticket(1, 500);
      await assert.rejects(
        storage.transaction(async (tx) => {
          await tx.tickets.insert(t, new Map([['Title', 'x']]));
          await tx.tenants.allocateTicketNumber(1);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await storage.tickets.find(1, { id: t.id }), undefined);
      assert.equal((await storage.tickets.values(t.id)).size, 0);
    });

    test('a transaction opened inside a transaction joins it: an outer failure undoes the inner writes', async () => {
      const t = ticket(1, 550);
      await assert.rejects(
        storage.transaction(async (outer) => {
          await outer.transaction(async (inner) => {
            assert.equal(inner, outer, 'the same transaction');
            await inner.tickets.insert(t, new Map([['Title', 'x']]));
          });
          assert.equal((await outer.tickets.find(1, { id: t.id }))?.id, t.id, 'visible inside');
          throw new Error('late failure');
        }),
        /late failure/,
      );
      assert.equal(await storage.tickets.find(1, { id: t.id }), undefined);
    });

    test('field values keep their JSON types; tickets are scoped to their tenant', async () => {
      const t = ticket(1, 600);
      await storage.tickets.insert(
        t,
        new Map<string, string | number | null>([
          ['Title', 'x'],
          ['RelatedStageId', 1],
          ['SubType', null],
        ]),
      );
      assert.deepEqual(
        await storage.tickets.values(t.id),
        new Map<string, unknown>([
          ['Title', 'x'],
          ['RelatedStageId', 1],
          ['SubType', null],
        ]),
      );
      assert.equal((await storage.tickets.find(1, { number: 600 }))?.id, t.id);
      assert.equal(await storage.tickets.find(2, { number: 600 }), undefined);
      assert.equal(await storage.tickets.find(2, { id: t.id }), undefined);
      await assert.rejects(storage.tickets.insert({ ...ticket(1, 600) }, new Map()), 'numbers are unique per tenant');
    });

    test('tickets.version moves on every change to the ticket or its values, whoever writes, and only grows', async () => {
      await storage.tenants.create(tenant(3));
      const t = ticket(3, 650);
      await storage.tickets.insert(t, new Map([['Title', 'v']]));
      const versions: number[] = [];
      const read = async (what: string) => {
        const byNumber = await storage.tickets.version(3, { number: 650 });
        assert.deepEqual(await storage.tickets.version(3, { id: t.id }), byNumber, `${what}: by id as by number`);
        assert.equal(byNumber?.ticketId, t.id);
        // The one-statement form reads the same version and the tenant's generation.
        const both = await storage.configGenerations.withTicketVersion(3, { number: 650 });
        assert.deepEqual(both, { generation: await storage.configGenerations.get(3), ticket: byNumber });
        assert.deepEqual((await storage.configGenerations.withTicketVersion(3, { id: t.id })).ticket, byNumber);
        const last = versions.at(-1);
        if (last !== undefined) assert.ok((byNumber?.version ?? 0) > last, `${what} moves the version`);
        versions.push(byNumber?.version ?? Number.NaN);
      };
      await read('insert');
      await storage.tickets.update(t.id, new Map([['Title', 'w']]), { updatedAt: new Date() });
      await read('a changed value');
      await storage.tickets.update(t.id, new Map([['SubType', 'new']]), { updatedAt: new Date() });
      await read('a new value');
      await storage.transaction(async (tx) => {
        await tx.tickets.update(t.id, new Map([['Title', 'x']]), { updatedAt: new Date() });
        await tx.tickets.update(t.id, new Map([['Title', 'y']]), { updatedAt: new Date() });
      });
      await read('two updates in one transaction');
      assert.equal(await storage.tickets.version(2, { number: 650 }), undefined, "another tenant's number");
      assert.equal(await storage.tickets.version(2, { id: t.id }), undefined, "another tenant's ticket");
      assert.ok(await storage.tickets.trash(3, 650, new Date()));
      assert.equal(await storage.tickets.version(3, { number: 650 }), undefined, 'a trashed ticket has none');
      assert.deepEqual(await storage.configGenerations.withTicketVersion(3, { number: 650 }), {
        generation: await storage.configGenerations.get(3),
        ticket: undefined,
      });
      // Deleted and inserted again under the same id (a reset re-seeding a fixed GUID): still above the old one.
      const before = versions.at(-1) ?? 0;
      await storage.tenantData.deleteTicketData(3);
      await storage.tickets.insert(t, new Map([['Title', 'v']]));
      const again = await storage.tickets.version(3, { number: 650 });
      assert.ok((again?.version ?? 0) > before, `re-inserted: ${again?.version} > ${before}`);
      await storage.tenantData.deleteTicketData(3);
    });

    test('tickets.version moves when a conversation or a file of the ticket is added (migration 0016)', async () => {
      await storage.tenants.create(tenant(4));
      const t = ticket(4, 660);
      await storage.tickets.insert(t, new Map([['Title', 'v']]));
      const version = async () => (await storage.tickets.version(4, { number: 660 }))?.version ?? Number.NaN;
      const first = await version();
      const activityId = await storage.activities.insert({
        orgId: 4,
        ticketId: t.id,
        type: 'InboundEmail',
        html: null,
        text: 'hello',
        createdBy: 'x',
        createdAt: new Date(),
      });
      const afterActivity = await version();
      assert.ok(afterActivity > first, `a conversation: ${afterActivity} > ${first}`);
      await storage.activities.insertAttachments([
        {
          id: randomUUID(),
          orgId: 4,
          ticketId: t.id,
          activityId,
          createdAt: new Date(),
          file: { fileName: 'f.txt', contentType: 'text/plain', size: 1, sha256: 'f'.repeat(64), created: true },
        },
      ]);
      const afterFile = await version();
      assert.ok(afterFile > afterActivity, `a file: ${afterFile} > ${afterActivity}`);
      // Deleting the tenant's tickets with their conversations and files leaves no version behind.
      await storage.tenantData.deleteTicketData(4);
      assert.equal(await storage.tickets.version(4, { number: 660 }), undefined);
    });

    test('activities list oldest first with their attachments; ids keep counting after seeded ids', async () => {
      const t = ticket(2, 700);
      await storage.tickets.insert(t, new Map());
      const seeded = await storage.activities.insert({
        id: 5000,
        orgId: 2,
        ticketId: t.id,
        type: 'InboundEmail',
        html: null,
        text: 'b',
        createdBy: 'x',
        createdAt: new Date('2025-01-02T00:00:00Z'),
      });
      const next = await storage.activities.insert({
        orgId: 2,
        ticketId: t.id,
        type: 'InboundEmail',
        html: null,
        text: 'a',
        createdBy: 'x',
        createdAt: new Date('2025-01-01T00:00:00Z'),
      });
      assert.equal(seeded, 5000);
      assert.ok(next > 5000);
      await storage.activities.insertAttachments([
        {
          id: randomUUID(),
          orgId: 2,
          ticketId: t.id,
          activityId: seeded,
          createdAt: now,
          file: { fileName: 'a.txt', contentType: 'text/plain', size: 1, sha256: 'a'.repeat(64), created: true },
        },
      ]);
      const list = await storage.activities.list(t.id, ['InboundEmail', 'InternalNote']);
      assert.deepEqual(
        list.map((a) => a.text),
        ['a', 'b'],
      );
      assert.equal(list[1]?.attachments[0]?.fileName, 'a.txt');
      assert.equal(await storage.activities.isBlobReferenced('a'.repeat(64)), true);
      assert.equal(await storage.activities.isBlobReferenced('b'.repeat(64)), false);
    });

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
        await storage.tickets.insert(
          a,
          new Map<string, string | number>([
            ['Title', 'a'],
            ['RelatedStageId', 1],
          ]),
        );
        await storage.tickets.insert(b, new Map());
        await storage.tickets.insert(c, new Map([['Title', 'c']]));
        await storage.tickets.insert(gone, new Map([['Title', 'gone']]));
        await storage.tickets.trash(1, 803, now);
        await storage.tickets.insert(theirs, new Map([['Title', 'theirs']]));
        // Interleaved across tickets, so a batch must regroup without reordering.
        for (const [t, day, text] of [
          [a, 3, 'a3'],
          [b, 1, 'b1'],
          [a, 1, 'a1'],
          [c, 2, 'c2'],
          [a, 2, 'a2'],
        ] as const) {
          const id = await storage.activities.insert({
            orgId: 1,
            ticketId: t.id,
            type: text === 'c2' ? 'InternalNote' : 'InboundEmail',
            html: null,
            text,
            createdBy: 'x',
            createdAt: at(day),
          });
          await storage.activities.attach(
            { orgId: 1, ticketId: t.id, activityId: id, createdAt: at(day) },
            [file(`${text}-y`), file(`${text}-x`)],
            randomUUID,
          );
          await storage.history.record(1, t.id, [
            { schemaName: 'Title', oldValue: null, newValue: text, changedBy: null, changedAt: at(day) },
          ]);
        }
        for (const [t, day, name] of [
          [a, 5, 'a-late'],
          [b, 4, 'b-only'],
          [a, 4, 'a-early'],
        ] as const) {
          await storage.activities.attach(
            { orgId: 1, ticketId: t.id, activityId: null, createdAt: at(day) },
            [file(name)],
            randomUUID,
          );
        }
      });

      test('tickets.findMany: the order asked, duplicates once; unknown, trashed and other tenants absent', async () => {
        const found = await storage.tickets.findMany(1, [802, 800, 9999, 800, 803, 801]);
        assert.deepEqual(found, [c, a, b]);
        assert.deepEqual(await storage.tickets.findMany(2, [802, 800, 801]), [theirs]);
        assert.deepEqual(await storage.tickets.findMany(1, []), []);
        const numbers = Array.from({ length: 1200 }, (_, i) => 100_000 + i);
        assert.deepEqual(await storage.tickets.findMany(1, [...numbers, 801, 800]), [b, a]);
      });

      test('tickets.versionsMany: each live ticket of the tenant by number, as tickets.version reads it', async () => {
        const versions = await storage.tickets.versionsMany(1, [802, 800, 9999, 800, 803, 801, 1.5, -1, 3_000_000_000]);
        assert.deepEqual([...versions.keys()].sort(), [800, 801, 802]);
        for (const t of [a, b, c]) {
          assert.deepEqual(versions.get(t.number), await storage.tickets.version(1, { number: t.number }));
        }
        assert.deepEqual([...(await storage.tickets.versionsMany(2, [802, 800, 801])).keys()], [theirs.number]);
        assert.equal((await storage.tickets.versionsMany(1, [])).size, 0);
        const many = Array.from({ length: 1200 }, (_, i) => 100_000 + i);
        assert.deepEqual([...(await storage.tickets.versionsMany(1, [...many, 801, 800])).keys()].sort(), [800, 801]);
      });

      test('tickets.valuesMany: each ticket its own values, an empty map without any', async () => {
        const values = await storage.tickets.valuesMany([b.id, a.id, c.id]);
        assert.deepEqual([...values.keys()], [b.id, a.id, c.id]);
        for (const t of [a, b, c]) assert.deepEqual(values.get(t.id), await storage.tickets.values(t.id));
        assert.equal(values.get(b.id)?.size, 0);
        assert.deepEqual(
          values.get(a.id),
          new Map<string, unknown>([
            ['Title', 'a'],
            ['RelatedStageId', 1],
          ]),
        );
        assert.equal((await storage.tickets.valuesMany([])).size, 0);
        assert.deepEqual((await storage.tickets.valuesMany(many([c.id]))).get(c.id), new Map([['Title', 'c']]));
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
        await storage.leads.create(mine, now);
        await storage.leads.create(other, now);
        // Read back as stored: with the creation time (K6's generationDate).
        const stored = (l: typeof mine) => ({ ...l, createdAt: now });
        const got = await storage.leads.getMany(1, [other.id, mine.id, mine.id, randomUUID()]);
        assert.deepEqual([...got], [[mine.id, stored(mine)]]);
        assert.deepEqual(got.get(mine.id), await storage.leads.get(1, mine.id));
        assert.deepEqual([...(await storage.leads.getMany(2, [mine.id, other.id]))], [[other.id, stored(other)]]);
        assert.equal((await storage.leads.getMany(1, [])).size, 0);
        assert.deepEqual((await storage.leads.getMany(1, many([mine.id]))).get(mine.id), stored(mine));
      });

      test('history.listMany: oldest first per ticket, empty without changes', async () => {
        const changes = await storage.history.listMany([c.id, a.id, gone.id]);
        assert.deepEqual(
          changes.get(a.id)?.map((h) => h.newValue),
          ['a3', 'a1', 'a2'],
          'in recording order, as `list`',
        );
        for (const t of [a, c, gone]) assert.deepEqual(changes.get(t.id), await storage.history.list(t.id));
        assert.deepEqual(changes.get(gone.id), []);
        assert.equal((await storage.history.listMany([])).size, 0);
        assert.deepEqual((await storage.history.listMany(many([c.id]))).get(c.id), await storage.history.list(c.id));
      });

      test('activities.listMany: oldest first per ticket, of the types asked, with their files', async () => {
        const types = ['InboundEmail', 'InternalNote'] as const;
        const got = await storage.activities.listMany([c.id, a.id, b.id], types);
        assert.deepEqual(
          got.get(a.id)?.map((x) => x.text),
          ['a1', 'a2', 'a3'],
        );
        assert.deepEqual(
          got.get(a.id)?.[0]?.attachments.map((f) => f.fileName),
          ['a1-x', 'a1-y'],
        );
        for (const t of [a, b, c]) assert.deepEqual(got.get(t.id), await storage.activities.list(t.id, types));
        const emails = await storage.activities.listMany([c.id, b.id], ['InboundEmail']);
        assert.deepEqual(emails.get(c.id), [], 'a note is not an email');
        assert.deepEqual(emails.get(b.id), await storage.activities.list(b.id, ['InboundEmail']));
        assert.deepEqual([...(await storage.activities.listMany([a.id], []))], [[a.id, []]]);
        assert.equal((await storage.activities.listMany([], types)).size, 0);
        const chunked = await storage.activities.listMany(many([a.id]), types);
        assert.deepEqual(chunked.get(a.id), await storage.activities.list(a.id, types));
      });

      test("activities.listTicketFilesMany: the ticket's own files, oldest first", async () => {
        const got = await storage.activities.listTicketFilesMany([b.id, a.id, c.id]);
        assert.deepEqual(
          got.get(a.id)?.map((f) => f.fileName),
          ['a-early', 'a-late'],
          "oldest first, and no conversation's files",
        );
        for (const t of [a, b, c]) assert.deepEqual(got.get(t.id), await storage.activities.listTicketFiles(t.id));
        assert.deepEqual(got.get(c.id), []);
        assert.equal((await storage.activities.listTicketFilesMany([])).size, 0);
        const chunked = await storage.activities.listTicketFilesMany(many([b.id]));
        assert.deepEqual(chunked.get(b.id), await storage.activities.listTicketFiles(b.id));
      });
    });

    test('settings: the first writer wins', async () => {
      assert.equal(await storage.settings.getOrInit('k', 'first'), 'first');
      assert.equal(await storage.settings.getOrInit('k', 'second'), 'first');
    });

    test('data survives closing and reopening; migrations run once', async () => {
      await storage.close();
      storage = await reopen();
      assert.deepEqual(await storage.tenants.get(1), tenant(1));
      assert.equal(await storage.settings.get('k'), 'first');
    });
  });
}
