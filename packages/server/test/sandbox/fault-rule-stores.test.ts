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
  const NOW = '2026-11-21T12:00:00.000Z';
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

  /** What an instance on the version before scope sets does: it knows only the rules, their order and counts. */
  const olderInstance = (prefix: string) => {
    const base = `${prefix}faults:`;
    return {
      add: async (id: string, orgId: number | null, operation = '*') => {
        const rule = { orgId, operation, probability: 1, times: null, latency: null, respond: { status: 503 } };
        await redis.client.hset(`${base}rules`, id, JSON.stringify({ ...rule, drop: false, createdAt: NOW }));
        await redis.client.zadd(`${base}order`, await redis.client.incr(`${base}seq`), id);
        await redis.client.hset(`${base}fired`, id, 0);
      },
      remove: async (id: string) => {
        await redis.client.hdel(`${base}rules`, id);
        await redis.client.zrem(`${base}order`, id);
        await redis.client.hdel(`${base}fired`, id);
      },
    };
  };

  test('during a rolling upgrade, a rule an older instance adds is picked, listed and cleared by this one', async () => {
    const prefix = `${redis.prefix}rolling-add:`;
    const store = new RedisFaultRuleStore({ client: redis.client, prefix });
    await store.add({ id: 'new-first', orgId: 9, operation: 'kapture.*', ...FAIL });
    await olderInstance(prefix).add('old-second', 9);
    await store.add({ id: 'new-third', orgId: 9, ...FAIL });
    assert.deepEqual(
      (await store.list(9)).map((r) => r.id),
      ['new-first', 'old-second', 'new-third'],
    );
    assert.equal((await store.pick(target(9)))?.id, 'old-second');
    assert.equal(await store.clear(9), 3);
    assert.deepEqual(await store.list(), []);
  });

  test("an id an older instance removed, reused for another tenant, is neither listed nor cleared as the first's", async () => {
    const prefix = `${redis.prefix}rolling-remove:`;
    const store = new RedisFaultRuleStore({ client: redis.client, prefix });
    await store.add({ id: 'x', orgId: 1, ...FAIL });
    await olderInstance(prefix).remove('x');
    await store.add({ id: 'x', orgId: 2, ...FAIL });
    assert.deepEqual(await store.list(1), [], "tenant 1's set still names x, but x is tenant 2's now");
    assert.equal(await store.pick(target(1)), undefined);
    assert.equal(await store.clear(1), 0);
    assert.deepEqual(
      (await store.list(2)).map((r) => r.id),
      ['x'],
      "tenant 1's clear left tenant 2's rule alone",
    );
  });

  test('a removed rule leaves no id behind in its scope set', async () => {
    const prefix = `${redis.prefix}removed:`;
    const store = new RedisFaultRuleStore({ client: redis.client, prefix });
    await store.add({ id: 'x', orgId: 1, ...FAIL });
    await store.add({ id: 'y', ...FAIL });
    assert.equal(await store.remove('x'), true);
    assert.equal(await store.remove('y'), true);
    assert.equal(await redis.client.zcard(`${prefix}faults:scope:1`), 0);
    assert.equal(await redis.client.zcard(`${prefix}faults:scope:all`), 0);
  });

  test('rules stored before the scope sets existed are found, listed, picked and cleared by scope', async () => {
    const prefix = `${redis.prefix}upgrade:`;
    // The layout a server before scope sets left: the rules, their order, their counts.
    const older = olderInstance(prefix);
    await older.add('fault-1', null);
    await older.add('fault-2', 7, 'lsq.getTicket');
    await older.add('fault-3', 8);
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
    assert.deepEqual(await redis.client.keys(`${prefix}faults:scope:*`), [], 'no scope set outlives its rules');
  });
});
