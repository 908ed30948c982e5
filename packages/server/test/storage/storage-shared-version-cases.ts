/** The storage suite's cached-read check under concurrency: shared statements (PostgreSQL) answer as single ones. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { StorageSuiteContext } from './storage-suite-fixture.js';

/** Registers the cases; `ctx.storage` is read when a case runs, after the suite's `before`. */
export function storageSharedVersionCases(ctx: StorageSuiteContext) {
  const { tenant, ticket } = ctx;

  test('200 concurrent withTicketVersion checks answer as one at a time; where the engine shares statements, they do', async () => {
    await ctx.storage.tenants.create(tenant(7));
    await ctx.storage.tenants.create(tenant(8));
    const ours = Array.from({ length: 10 }, (_, i) => ticket(7, 700 + i));
    const theirs = ticket(8, 700);
    for (const t of [...ours, theirs]) await ctx.storage.tickets.insert(t, new Map([['Title', `t${t.number}`]]));
    assert.ok(await ctx.storage.tickets.trash(7, 709, new Date()));
    // Tenant 8's configuration moves, so the two tenants' generations differ.
    await ctx.storage.tenants.update(8, { name: 'Renamed' });
    const orgs = [7, 8, 99];
    const ids = [...ours.map((t) => t.id), theirs.id, randomUUID()];
    const checks = Array.from({ length: 200 }, (_, i) => ({
      orgId: orgs[i % 3] as number,
      lookup: i % 2 === 0 ? { number: 698 + ((i >> 1) % 14) } : { id: ids[i % ids.length] as string },
    }));
    const one = ctx.storage.configGenerations;
    const alone = [];
    for (const check of checks) alone.push(await one.withTicketVersion(check.orgId, check.lookup));
    assert.ok(
      alone.some((answer) => answer.ticket !== undefined) && alone.some((answer) => answer.ticket === undefined),
    );
    assert.notEqual(alone[1]?.generation, alone[0]?.generation, 'the generations differ by tenant');
    assert.equal(
      one.shared !== undefined,
      ctx.storage.adapter.name === 'postgres',
      'PostgreSQL shares, SQLite does not',
    );
    const before = one.shared?.load;
    const together = await Promise.all(checks.map((check) => one.withTicketVersion(check.orgId, check.lookup)));
    assert.deepEqual(together, alone);
    if (one.shared && before) {
      const after = one.shared.load;
      assert.ok(after.shared > before.shared, 'some statements were shared');
      assert.ok(after.sharedReads - before.sharedReads > after.shared - before.shared, 'by more than one check each');
      assert.deepEqual([after.inFlight, after.queued], [0, 0]);
    }
  });

  test('a check the shared statement could not bind runs alone: the checks around it still answer', async () => {
    const check = (orgId: number, lookup: { number: number } | { id: string }) =>
      ctx.storage.configGenerations.withTicketVersion(orgId, lookup);
    const expected = await check(7, { number: 700 });
    assert.ok(expected.ticket);
    const valid = () => Array.from({ length: 40 }, () => check(7, { number: 700 }));
    const settled = await Promise.allSettled([
      ...valid(),
      check(Number.NaN, { number: 700 }),
      check(7, { number: 1.5 }),
      check(7, { id: 'a\u0000b' }),
      ...valid(),
    ]);
    const answers = [...settled.slice(0, 40), ...settled.slice(43)];
    for (const answer of answers) assert.deepEqual(answer, { status: 'fulfilled', value: expected });
  });

  test('a check asked after a commit sees it, even while shared statements are in flight', async () => {
    await ctx.storage.tenants.create(tenant(9));
    const t = ticket(9, 720);
    await ctx.storage.tickets.insert(t, new Map([['Title', 'v1']]));
    const lookup = { number: 720 };
    for (let round = 0; round < 5; round++) {
      const busy = Array.from({ length: 100 }, () => ctx.storage.configGenerations.withTicketVersion(9, lookup));
      await ctx.storage.tickets.update(t.id, new Map([['Title', `v${round + 2}`]]), { updatedAt: new Date() });
      const committed = await ctx.storage.tickets.version(9, lookup);
      const seen = await ctx.storage.configGenerations.withTicketVersion(9, lookup);
      assert.deepEqual(seen.ticket, committed, `round ${round}: the check after the commit reads the new version`);
      await Promise.all(busy);
    }
  });
}
