/** The storage suite's single-ticket cases: field values, tenant scoping, `tickets.version`, activities. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { StorageSuiteContext } from './storage-suite-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function storageTicketCases(ctx: StorageSuiteContext) {
  const { now, tenant, ticket } = ctx;

  test('field values keep their JSON types; tickets are scoped to their tenant', async () => {
    const t = ticket(1, 600);
    await ctx.storage.tickets.insert(
      t,
      new Map<string, string | number | null>([
        ['Title', 'x'],
        ['RelatedStageId', 1],
        ['SubType', null],
      ]),
    );
    assert.deepEqual(
      await ctx.storage.tickets.values(t.id),
      new Map<string, unknown>([
        ['Title', 'x'],
        ['RelatedStageId', 1],
        ['SubType', null],
      ]),
    );
    assert.equal((await ctx.storage.tickets.find(1, { number: 600 }))?.id, t.id);
    assert.equal(await ctx.storage.tickets.find(2, { number: 600 }), undefined);
    assert.equal(await ctx.storage.tickets.find(2, { id: t.id }), undefined);
    await assert.rejects(ctx.storage.tickets.insert({ ...ticket(1, 600) }, new Map()), 'numbers are unique per tenant');
  });

  test('tickets.version moves on every change to the ticket or its values, whoever writes, and only grows', async () => {
    await ctx.storage.tenants.create(tenant(3));
    const t = ticket(3, 650);
    await ctx.storage.tickets.insert(t, new Map([['Title', 'v']]));
    const versions: number[] = [];
    const read = async (what: string) => {
      const byNumber = await ctx.storage.tickets.version(3, { number: 650 });
      assert.deepEqual(await ctx.storage.tickets.version(3, { id: t.id }), byNumber, `${what}: by id as by number`);
      assert.equal(byNumber?.ticketId, t.id);
      // The one-statement form reads the same version and the tenant's generation.
      const both = await ctx.storage.configGenerations.withTicketVersion(3, { number: 650 });
      assert.deepEqual(both, { generation: await ctx.storage.configGenerations.get(3), ticket: byNumber });
      assert.deepEqual((await ctx.storage.configGenerations.withTicketVersion(3, { id: t.id })).ticket, byNumber);
      const last = versions.at(-1);
      if (last !== undefined) assert.ok((byNumber?.version ?? 0) > last, `${what} moves the version`);
      versions.push(byNumber?.version ?? Number.NaN);
    };
    await read('insert');
    await ctx.storage.tickets.update(t.id, new Map([['Title', 'w']]), { updatedAt: new Date() });
    await read('a changed value');
    await ctx.storage.tickets.update(t.id, new Map([['SubType', 'new']]), { updatedAt: new Date() });
    await read('a new value');
    await ctx.storage.transaction(async (tx) => {
      await tx.tickets.update(t.id, new Map([['Title', 'x']]), { updatedAt: new Date() });
      await tx.tickets.update(t.id, new Map([['Title', 'y']]), { updatedAt: new Date() });
    });
    await read('two updates in one transaction');
    assert.equal(await ctx.storage.tickets.version(2, { number: 650 }), undefined, "another tenant's number");
    assert.equal(await ctx.storage.tickets.version(2, { id: t.id }), undefined, "another tenant's ticket");
    for (const lookup of [{ number: 650 }, { id: t.id }]) {
      const other = await ctx.storage.configGenerations.withTicketVersion(2, lookup);
      assert.deepEqual(other, { generation: await ctx.storage.configGenerations.get(2), ticket: undefined });
    }
    assert.ok(await ctx.storage.tickets.trash(3, 650, new Date()));
    assert.equal(await ctx.storage.tickets.version(3, { number: 650 }), undefined, 'a trashed ticket has none');
    for (const lookup of [{ number: 650 }, { id: t.id }]) {
      assert.deepEqual(await ctx.storage.configGenerations.withTicketVersion(3, lookup), {
        generation: await ctx.storage.configGenerations.get(3),
        ticket: undefined,
      });
    }
    // Deleted and inserted again under the same id (a reset re-seeding a fixed GUID): still above the old one.
    const before = versions.at(-1) ?? 0;
    await ctx.storage.tenantData.deleteTicketData(3);
    await ctx.storage.tickets.insert(t, new Map([['Title', 'v']]));
    const again = await ctx.storage.tickets.version(3, { number: 650 });
    assert.ok((again?.version ?? 0) > before, `re-inserted: ${again?.version} > ${before}`);
    await ctx.storage.tenantData.deleteTicketData(3);
  });

  test('tickets.version moves when a conversation or a file of the ticket is added (migration 0016)', async () => {
    await ctx.storage.tenants.create(tenant(4));
    const t = ticket(4, 660);
    await ctx.storage.tickets.insert(t, new Map([['Title', 'v']]));
    const version = async () => (await ctx.storage.tickets.version(4, { number: 660 }))?.version ?? Number.NaN;
    const first = await version();
    const activityId = await ctx.storage.activities.insert({
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
    await ctx.storage.activities.insertAttachments([
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
    await ctx.storage.tenantData.deleteTicketData(4);
    assert.equal(await ctx.storage.tickets.version(4, { number: 660 }), undefined);
  });

  test('activities list oldest first with their attachments; ids keep counting after seeded ids', async () => {
    const t = ticket(2, 700);
    await ctx.storage.tickets.insert(t, new Map());
    const seeded = await ctx.storage.activities.insert({
      id: 5000,
      orgId: 2,
      ticketId: t.id,
      type: 'InboundEmail',
      html: null,
      text: 'b',
      createdBy: 'x',
      createdAt: new Date('2025-01-02T00:00:00Z'),
    });
    const next = await ctx.storage.activities.insert({
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
    await ctx.storage.activities.insertAttachments([
      {
        id: randomUUID(),
        orgId: 2,
        ticketId: t.id,
        activityId: seeded,
        createdAt: now,
        file: { fileName: 'a.txt', contentType: 'text/plain', size: 1, sha256: 'a'.repeat(64), created: true },
      },
    ]);
    const list = await ctx.storage.activities.list(t.id, ['InboundEmail', 'InternalNote']);
    assert.deepEqual(
      list.map((a) => a.text),
      ['a', 'b'],
    );
    assert.equal(list[1]?.attachments[0]?.fileName, 'a.txt');
    assert.equal(await ctx.storage.activities.isBlobReferenced('a'.repeat(64)), true);
    assert.equal(await ctx.storage.activities.isBlobReferenced('b'.repeat(64)), false);
  });
}
