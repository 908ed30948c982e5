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
