import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryPresenceStore, RedisPresenceStore } from '@deskwire/server';
import { openTestRedis } from '../helpers/test-redis.js';
import { runPresenceSuite } from './presence-suite.js';

runPresenceSuite('memory', async () => ({
  open: async () => new MemoryPresenceStore(),
  cleanup: async () => {},
}));

runPresenceSuite('redis', async () => {
  const redis = openTestRedis('presence');
  let n = 0;
  return {
    // A fresh key prefix per store: the state starts empty, as a new memory store's does.
    open: async () => new RedisPresenceStore({ client: redis.client, prefix: `${redis.prefix}${++n}:` }),
    cleanup: redis.cleanup,
  };
});

describe('redis presence store: shared by instances', () => {
  const redis = openTestRedis('presence-shared');
  after(() => redis.cleanup());

  test('a beat on one instance is seen on another; the ticket hash expires with its newest entry', async () => {
    const a = new RedisPresenceStore(redis.connect());
    const b = new RedisPresenceStore(redis.connect());
    const key = { orgId: 5, ticketNumber: 143 };
    const now = Date.now();
    await a.beat(key, { userId: 'u1', name: 'Asha', activity: 'replying', nowMs: now, ttlMs: 30_000 });
    assert.deepEqual(
      (await b.list(key, now + 1)).map((e) => [e.name, e.activity]),
      [['Asha', 'replying']],
    );
    const ttl = await redis.client.pttl(`${redis.prefix}presence:5:143`);
    assert.ok(ttl > 0 && ttl <= 30_000, `hash expires (pttl ${ttl})`);
    await b.leave(key, 'u1');
    assert.deepEqual(await a.list(key, now + 2), []);
  });
});

describe('memory presence store: tickets nobody reopens do not pile up', () => {
  test('past 1000 tickets, a beat sweeps lapsed entries of every ticket', async () => {
    const store = new MemoryPresenceStore();
    const beat = (ticketNumber: number, nowMs: number) =>
      store.beat({ orgId: 1, ticketNumber }, { userId: 'u', name: 'U', activity: 'viewing', nowMs, ttlMs: 1000 });
    for (let n = 1; n <= 1000; n++) await beat(n, 0);
    await beat(5000, 10_000);
    // Read as of a time it was still live: empty only because the sweep removed it from the store itself.
    assert.deepEqual(await store.list({ orgId: 1, ticketNumber: 1 }, 0), [], 'swept');
    assert.equal((await store.list({ orgId: 1, ticketNumber: 5000 }, 10_001)).length, 1);
  });
});
