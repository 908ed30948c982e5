import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { MemoryRequestJournal, RedisRequestJournal } from '@deskwire/server';
import { openTestRedis, redisKeys } from '../helpers/test-redis.js';
import { entry, runJournalSuite } from './journal-suite.js';

runJournalSuite('memory', async () => ({
  open: async (capacity) => new MemoryRequestJournal(capacity),
  cleanup: async () => {},
}));

runJournalSuite('redis', async () => {
  const redis = openTestRedis('journal');
  let n = 0;
  return {
    // A fresh key prefix per journal: the state starts empty, as a new memory journal's does.
    open: async (capacity) =>
      new RedisRequestJournal({ client: redis.client, prefix: `${redis.prefix}${++n}:` }, capacity),
    cleanup: redis.cleanup,
  };
});

describe('redis request journal: shared by instances', () => {
  const redis = openTestRedis('journal-shared');
  after(() => redis.cleanup());

  test('two instances (own connections, same prefix) write one journal with one id sequence per tenant', async () => {
    const a = new RedisRequestJournal(redis.connect(), 100);
    const b = new RedisRequestJournal(redis.connect(), 100);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).record(entry(41, { path: `/p/${i}` }))));
    const fromA = await a.list(41);
    assert.deepEqual(fromA, await b.list(41), 'both instances see the same entries');
    assert.equal(fromA.length, 40);
    const ids = fromA.map((e) => e.id);
    assert.deepEqual(
      ids,
      [...ids].sort((x, y) => x - y),
      'oldest first means increasing ids',
    );
    assert.equal(new Set(ids).size, 40, 'no id handed out twice');
  });

  test('writes only under its prefix, one list per tenant', async () => {
    const journal = new RedisRequestJournal(redis.connect(), 5);
    await journal.record(entry(42));
    const keys = await redisKeys(redis.client, redis.prefix);
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(`${redis.prefix}journal:`)), keys.join(', '));
    assert.ok(keys.includes(`${redis.prefix}journal:org:42`));
    assert.equal(await redis.client.llen(`${redis.prefix}journal:org:42`), 1);
  });
});

describe('redis request journal: upgrade from one counter for all tenants', () => {
  const redis = openTestRedis('journal-upgrade');
  after(() => redis.cleanup());

  test('after an upgrade from one shared counter, each tenant goes on from it: a tail misses nothing', async () => {
    const { prefix } = redis;
    // What a server from before per-tenant ids left behind: the one counter every tenant drew from.
    await redis.client.set(`${prefix}journal:seq`, '500');
    const journal = new RedisRequestJournal({ client: redis.client, prefix }, 10);
    await journal.record(entry(43));
    await journal.record(entry(44));
    await journal.record(entry(43));
    assert.deepEqual(
      (await journal.list(43)).map((e) => e.id),
      [501, 502],
    );
    assert.deepEqual(
      (await journal.list(44)).map((e) => e.id),
      [501],
    );
    assert.equal(await redis.client.get(`${prefix}journal:seq`), '500', 'the shared counter is only read');
  });

  test('while older instances still number entries from the shared counter, ids keep increasing', async () => {
    const prefix = `${redis.prefix}rolling:`;
    await redis.client.set(`${prefix}journal:seq`, '500');
    const journal = new RedisRequestJournal({ client: redis.client, prefix }, 10);
    await journal.record(entry(45));
    // An instance still on the older version journals a call of the same tenant, and others elsewhere.
    await redis.client.set(`${prefix}journal:seq`, '600');
    await redis.client.lpush(`${prefix}journal:org:45`, `600 ${JSON.stringify(entry(45))}`);
    await journal.record(entry(45));
    assert.deepEqual(
      (await journal.list(45)).map((e) => e.id),
      [501, 600, 601],
    );
  });
});
