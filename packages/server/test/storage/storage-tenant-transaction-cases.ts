/** The storage suite's tenant and transaction cases: tenant rows, ticket numbering, rollback, nested transactions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageSuiteContext } from './storage-suite-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function storageTenantTransactionCases(ctx: StorageSuiteContext) {
  const { tenant, ticket } = ctx;

  test('tenants round-trip every column', async () => {
    assert.deepEqual(await ctx.storage.tenants.get(1), tenant(1));
    assert.equal(await ctx.storage.tenants.get(3), undefined);
  });

  test('ticket numbers are allocated per tenant, unique under concurrency', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => ctx.storage.transaction((tx) => tx.tenants.allocateTicketNumber(1))),
    );
    assert.deepEqual(
      [...numbers].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.equal(await ctx.storage.transaction((tx) => tx.tenants.allocateTicketNumber(2)), 1);
  });

  test('a transaction that throws writes nothing', async () => {
    const t = ticket(1, 500);
    await assert.rejects(
      ctx.storage.transaction(async (tx) => {
        await tx.tickets.insert(t, new Map([['Title', 'x']]));
        await tx.tenants.allocateTicketNumber(1);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ctx.storage.tickets.find(1, { id: t.id }), undefined);
    assert.equal((await ctx.storage.tickets.values(t.id)).size, 0);
  });

  test('a transaction opened inside a transaction joins it: an outer failure undoes the inner writes', async () => {
    const t = ticket(1, 550);
    await assert.rejects(
      ctx.storage.transaction(async (outer) => {
        await outer.transaction(async (inner) => {
          assert.equal(inner, outer, 'the same transaction');
          await inner.tickets.insert(t, new Map([['Title', 'x']]));
        });
        assert.equal((await outer.tickets.find(1, { id: t.id }))?.id, t.id, 'visible inside');
        throw new Error('late failure');
      }),
      /late failure/,
    );
    assert.equal(await ctx.storage.tickets.find(1, { id: t.id }), undefined);
  });
}
