import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryFaultRuleStore, RedisFaultRuleStore } from '@deskwire/server';
import { openTestRedis } from '../helpers/test-redis.js';
import { runFaultRuleSuite } from './fault-rule-suite.js';

runFaultRuleSuite('memory', async () => ({
  open: async (options) => {
    const store = new MemoryFaultRuleStore(options);
    return { store, peer: store };
  },
  cleanup: async () => {},
}));

runFaultRuleSuite('redis', async () => {
  const redis = openTestRedis('faults');
  let n = 0;
  return {
    // A fresh key prefix per rule set; `peer` has its own connection, as a second instance would.
    open: async (options) => {
      const prefix = `${redis.prefix}${++n}:`;
      return {
        store: new RedisFaultRuleStore({ client: redis.client, prefix }, options),
        peer: new RedisFaultRuleStore({ client: redis.connect().client, prefix }, options),
      };
    },
    cleanup: redis.cleanup,
  };
});

describe('redis fault rules: a call reads its own scopes only', () => {
  const redis = openTestRedis('faults-scoped');
  after(() => redis.cleanup());
  const FAIL = { respond: { status: 503 } };
  const target = (orgId: number) => ({ orgId, operation: 'lsq.getTicket' });

  test("another tenant's rules are never read for a call: however many or large, they cost it nothing", async () => {
    const prefix = `${redis.prefix}isolated:`;
    const store = new RedisFaultRuleStore({ client: redis.client, prefix });
    await store.add({ orgId: 1, operation: 'kapture.*', ...FAIL });
    await store.add({ orgId: 2, ...FAIL });
    // A rule of tenant 1 that cannot even be parsed: reading it would throw.
    await redis.client.hset(`${prefix}faults:rules`, 'unreadable', '{"orgId":1,');
    await redis.client.zadd(`${prefix}faults:scope:1`, 1000, 'unreadable');
    assert.equal((await store.pick(target(2)))?.orgId, 2);
    assert.equal(await store.pick(target(3)), undefined);
    await assert.rejects(store.pick(target(1)), SyntaxError, "tenant 1's own calls do read it");
  });

  test('rules stored before the scope sets existed are found, listed, picked and cleared by scope', async () => {
    const prefix = `${redis.prefix}upgrade:`;
    const base = `${prefix}faults:`;
    // The layout a server before scope sets left: the rules, their order, their counts.
    const old = [
      ['fault-1', { orgId: null, operation: '*' }],
      ['fault-2', { orgId: 7, operation: 'lsq.getTicket' }],
      ['fault-3', { orgId: 8, operation: '*' }],
    ] as const;
    for (const [i, [id, scope]] of old.entries()) {
      const rule = { ...scope, probability: 1, times: null, latency: null, respond: { status: 503 }, drop: false };
      await redis.client.hset(`${base}rules`, id, JSON.stringify({ ...rule, createdAt: '2026-11-21T12:00:00.000Z' }));
      await redis.client.zadd(`${base}order`, i + 1, id);
      await redis.client.hset(`${base}fired`, id, 0);
    }
    await redis.client.set(`${base}seq`, old.length);
    const store = new RedisFaultRuleStore({ client: redis.client, prefix });
    assert.deepEqual(
      (await store.list(7)).map((r) => r.id),
      ['fault-2'],
    );
    assert.equal((await store.pick(target(7)))?.id, 'fault-1', 'the order added still holds');
    assert.equal((await store.pick({ orgId: 8, operation: 'x' }))?.id, 'fault-1');
    const added = await store.add({ orgId: 7, ...FAIL });
    assert.deepEqual(
      (await store.list(7)).map((r) => r.id),
      ['fault-2', added.id],
      'a new rule goes after the old ones',
    );
    assert.equal(await store.clear(8), 1);
    assert.equal(await store.remove('fault-1'), true);
    assert.equal(await store.pick(target(8)), undefined, "tenant 8's old rule went with its tenant");
    assert.equal((await store.pick(target(7)))?.id, 'fault-2');
    assert.equal(await store.clear(), 2);
    assert.deepEqual(await redis.client.keys(`${base}scope:*`), [], 'no scope set outlives its rules');
  });
});
