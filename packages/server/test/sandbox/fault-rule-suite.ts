import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiError, type FaultRuleStore } from '@deskwire/server';

export interface FaultStoreOptions {
  random: () => number;
  now: () => Date;
}

export interface FaultRuleFixture {
  /**
   * Two handles on one fresh, empty rule set: `store`, and `peer` as a second server instance
   * would see it (the same object in memory; another connection to the same keys in Redis).
   */
  open: (options: FaultStoreOptions) => Promise<{ store: FaultRuleStore; peer: FaultRuleStore }>;
  cleanup: () => Promise<void>;
}

const NOW = new Date('2026-11-21T12:00:00.000Z');
const FAIL = { respond: { status: 503 } };

/** What every `FaultRuleStore` must do, whatever keeps the rules (fault-rules.ts). */
export function runFaultRuleSuite(name: string, setup: () => Promise<FaultRuleFixture>): void {
  describe(`fault rule store conformance: ${name}`, () => {
    let fixture: FaultRuleFixture;
    /** The next values the stores' random source returns (then 0.5). */
    const draws: number[] = [];
    const open = () => fixture.open({ random: () => draws.shift() ?? 0.5, now: () => NOW });
    before(async () => {
      fixture = await setup();
    });
    after(() => fixture.cleanup());

    test('add fills defaults and numbers rules fault-1, fault-2, …; get and list return them in order', async () => {
      const { store } = await open();
      const first = await store.add({ respond: { status: 502, body: { a: 1 }, headers: { 'X-A': 'b' } } });
      assert.deepEqual(first, {
        id: 'fault-1',
        orgId: null,
        operation: '*',
        probability: 1,
        times: null,
        latency: null,
        respond: { status: 502, body: { a: 1 }, headers: { 'X-A': 'b' } },
        drop: false,
        fired: 0,
        createdAt: NOW.toISOString(),
      });
      const named = await store.add({
        id: 'mine',
        orgId: 7,
        operation: 'lsq.*',
        times: 2,
        latency: { type: 'fixed', ms: 5 },
      });
      const third = await store.add({ drop: true, probability: 0.25 });
      assert.equal(third.id, 'fault-2');
      assert.deepEqual(await store.get('mine'), named);
      assert.equal(await store.get('nope'), undefined);
      assert.deepEqual(
        (await store.list()).map((r) => r.id),
        ['fault-1', 'mine', 'fault-2'],
      );
      assert.deepEqual(
        (await store.list(7)).map((r) => r.id),
        ['mine'],
        'a tenant’s rules, not the rules for every tenant',
      );
    });

    test('refuses a duplicate id and a rule without an effect, as ValidationError', async () => {
      const { store } = await open();
      await store.add({ id: 'dup', ...FAIL });
      await assert.rejects(
        store.add({ id: 'dup', ...FAIL }),
        (e) => e instanceof ApiError && e.code === 'ValidationError',
      );
      await assert.rejects(store.add({ operation: 'x' }), (e) => e instanceof ApiError && e.code === 'ValidationError');
      assert.equal((await store.list()).length, 1);
    });

    test('a fresh id skips ids a client chose; a cleared id is not handed out again', async () => {
      const { store } = await open();
      await store.add({ id: 'fault-1', ...FAIL });
      assert.equal((await store.add(FAIL)).id, 'fault-2');
      assert.equal(await store.clear(), 2);
      assert.equal((await store.add(FAIL)).id, 'fault-3');
    });

    test("a tenant's rules are numbered per tenant: fault-<orgId>-<n>; nobody else's rules move the count", async () => {
      const { store, peer } = await open();
      assert.equal((await store.add({ orgId: 7, ...FAIL })).id, 'fault-7-1');
      assert.equal((await store.add(FAIL)).id, 'fault-1');
      assert.equal((await peer.add({ orgId: 8, ...FAIL })).id, 'fault-8-1');
      assert.equal((await store.add({ orgId: 8, ...FAIL })).id, 'fault-8-2');
      assert.equal(
        (await peer.add({ orgId: 7, ...FAIL })).id,
        'fault-7-2',
        "tenant 8's and the operator's rules left 7's count alone",
      );
      assert.equal((await store.add(FAIL)).id, 'fault-2', "the tenants' rules left the count for every tenant alone");
      await store.add({ id: 'fault-7-3', orgId: 7, ...FAIL });
      assert.equal((await store.add({ orgId: 7, ...FAIL })).id, 'fault-7-4', 'an id a client chose is skipped');
      assert.equal(await store.clear(7), 4);
      assert.equal((await store.add({ orgId: 7, ...FAIL })).id, 'fault-7-5', 'a cleared id is not handed out again');
      assert.deepEqual(
        (await peer.list(7)).map((r) => r.id),
        ['fault-7-5'],
      );
    });

    test('remove and clear(orgId) count what they removed', async () => {
      const { store } = await open();
      await store.add({ id: 'a', orgId: 1, ...FAIL });
      await store.add({ id: 'b', orgId: 1, ...FAIL });
      await store.add({ id: 'c', orgId: 2, ...FAIL });
      await store.add({ id: 'd', ...FAIL });
      assert.equal(await store.remove('a'), true);
      assert.equal(await store.remove('a'), false);
      assert.equal(await store.clear(1), 1);
      assert.deepEqual(
        (await store.list()).map((r) => r.id),
        ['c', 'd'],
      );
      assert.equal(await store.clear(), 2);
      assert.deepEqual(await store.list(), []);
    });

    test('pick: first matching rule in order, by tenant and operation pattern; counts firings', async () => {
      const { store } = await open();
      await store.add({ id: 'other-tenant', orgId: 2, ...FAIL });
      await store.add({ id: 'exact', orgId: 1, operation: 'lsq.getTicket', ...FAIL });
      await store.add({ id: 'prefix', operation: 'kapture.*', ...FAIL });
      await store.add({ id: 'any', operation: '*', ...FAIL });
      assert.equal((await store.pick({ orgId: 1, operation: 'lsq.getTicket' }))?.id, 'exact');
      assert.equal((await store.pick({ orgId: 3, operation: 'lsq.getTicket' }))?.id, 'any');
      assert.equal((await store.pick({ orgId: 3, operation: 'kapture.getTickets' }))?.id, 'prefix');
      const fired = await store.pick({ orgId: 1, operation: 'lsq.getTicket' });
      assert.equal(fired?.fired, 2, 'the returned rule carries its count, this firing included');
      assert.equal((await store.get('exact'))?.fired, 2);
      await store.clear();
      assert.equal(await store.pick({ orgId: 1, operation: 'lsq.getTicket' }), undefined);
    });

    test("pick and list(orgId) keep the order added across a tenant's rules and those for every tenant", async () => {
      const { store, peer } = await open();
      for (const [id, orgId] of [
        ['g1', null],
        ['t1', 1],
        ['other', 2],
        ['g2', null],
        ['t2', 1],
        ['gone', 1],
      ] as const) {
        await store.add({ id, orgId, times: 1, ...FAIL });
      }
      assert.equal(await peer.remove('gone'), true);
      assert.deepEqual(
        (await peer.list(1)).map((r) => r.id),
        ['t1', 't2'],
      );
      const picked: Array<string | undefined> = [];
      for (let i = 0; i < 5; i++) picked.push((await peer.pick({ orgId: 1, operation: 'lsq.getTicket' }))?.id);
      assert.deepEqual(picked, ['g1', 't1', 'g2', 't2', undefined]);
      assert.equal((await store.pick({ orgId: 2, operation: 'lsq.getTicket' }))?.id, 'other');
    });

    test('pick: `times` runs out, then the next matching rule fires', async () => {
      const { store } = await open();
      await store.add({ id: 'twice', times: 2, ...FAIL });
      await store.add({ id: 'fallback', ...FAIL });
      const target = { orgId: 1, operation: 'lsq.getTicket' };
      const picked = [];
      for (let i = 0; i < 4; i++) picked.push((await store.pick(target))?.id);
      assert.deepEqual(picked, ['twice', 'twice', 'fallback', 'fallback']);
      assert.equal((await store.get('twice'))?.fired, 2);
    });

    test('pick: probability draws from the random source (0 never, 1 always, else draw < p)', async () => {
      const { store } = await open();
      await store.add({ id: 'never', probability: 0, ...FAIL });
      await store.add({ id: 'third', probability: 0.3, ...FAIL });
      await store.add({ id: 'always', probability: 1, ...FAIL });
      const target = { orgId: 1, operation: 'x' };
      draws.push(0.5, 0.29);
      assert.equal((await store.pick(target))?.id, 'always', 'draw 0.5 misses 0.3');
      assert.equal((await store.pick(target))?.id, 'third', 'draw 0.29 hits 0.3');
      assert.equal(draws.length, 0, 'one draw per pick: none for probability 0 or 1');
    });

    test('times holds under concurrent picks from two instances: exactly `times` firings', async () => {
      const { store, peer } = await open();
      await store.add({ id: 'five', times: 5, ...FAIL });
      const target = { orgId: 1, operation: 'lsq.getTicket' };
      const picks = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? store : peer).pick(target)));
      const fired = picks.filter((r) => r?.id === 'five');
      assert.equal(fired.length, 5);
      assert.deepEqual(fired.map((r) => r?.fired).sort(), [1, 2, 3, 4, 5], 'each firing has its own count');
      assert.equal((await peer.get('five'))?.fired, 5);
    });
  });
}
