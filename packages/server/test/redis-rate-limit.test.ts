import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp, createApiToken, type Deskwire, updateTenant } from '@deskwire/server';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { closedPort } from './helpers/closed-port.js';
import { openTestRedis, redisKeys, TEST_REDIS_URL, type TestRedis } from './helpers/test-redis.js';
import { addAgentKey, auth, DEMO_ORG, type Keys, startTestServer, type TestServer } from './helpers/test-server.js';

const TICKET_URL = `/api/tenants/${DEMO_ORG}/tickets/143`;
const LSQ_429 = {
  Status: 'Error',
  ExceptionType: 'RateLimitExceeded',
  ExceptionMessage: 'API calls exceeded the limit of 25 in 5 second(s)',
};

/**
 * Two apps (as two instances would be) over one data set, sharing one Redis and key prefix. The
 * first is a test server (so this runs on each storage engine); the second is built over its data set.
 */
describe('rate limit shared through Redis by two instances', () => {
  let server: TestServer;
  let deskwire: Deskwire;
  let redis: TestRedis;
  let apps: FastifyInstance[];
  let demo: Keys;

  before(async () => {
    redis = openTestRedis('rate-limit');
    const options = { logLevel: false as const, redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix };
    server = await startTestServer(options);
    deskwire = server.deskwire;
    demo = server.demo;
    apps = [server.app, await buildApp(deskwire, options)];
  });
  after(async () => {
    await apps[1]?.close();
    await server.close();
    await redis.cleanup();
  });

  const get = (app: FastifyInstance | undefined, keys: Keys) =>
    (app as FastifyInstance).inject({ method: 'GET', url: TICKET_URL, headers: auth(keys) });
  const burst = (keys: Keys, calls: number) =>
    Promise.all(Array.from({ length: calls }, (_, i) => get(apps[i % 2], keys)));

  test('60 concurrent calls for one key, split across both: exactly 25 accepted, 35 refused with the vendor 429', async () => {
    const keys = await addAgentKey(server, DEMO_ORG);
    const started = Date.now();
    const responses = await burst(keys, 60);
    const burstMs = Date.now() - started;
    const byStatus = countBy(responses);
    assert.deepEqual(byStatus, { 200: 25, 429: 35 }, `burst took ${burstMs} ms`);
    for (const res of responses.filter((r) => r.statusCode === 429)) {
      assert.deepEqual(res.json(), LSQ_429);
      const retryAfter = Number(res.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 5, `retry-after ${retryAfter}`);
      assert.equal(res.headers['ratelimit-remaining'], '0');
    }
    const key = (await redisKeys(redis.client, redis.prefix)).find((k) => k.startsWith(`${redis.prefix}rate:lsq:`));
    assert.ok(key, 'the counter lives under the configured prefix');
    assert.equal(await redis.client.get(key), '60', 'every call counted once');
    const ttl = await redis.client.pttl(key);
    // Meaningful only while the burst fit in one window (it takes well under a second unless the machine stalls).
    if (burstMs < 4000) assert.ok(ttl > 0 && ttl <= 5000, `the window (${ttl} ms) is the tenant's 5 s`);
  });

  test("a tenant's own budget (max, window) holds across both instances", async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 7, windowMs: 3000 } } }, deskwire);
    try {
      const keys = await addAgentKey(server, DEMO_ORG);
      const responses = await burst(keys, 20);
      assert.deepEqual(countBy(responses), { 200: 7, 429: 13 });
      const refused = responses.find((r) => r.statusCode === 429);
      assert.equal(refused?.json().ExceptionMessage, 'API calls exceeded the limit of 7 in 3 second(s)');
      assert.ok(Number(refused?.headers['retry-after']) <= 3);
    } finally {
      await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 25, windowMs: 5000 } } }, deskwire);
    }
  });

  test('the Kapture dialect shares its counters too, apart from LeadSquared’s', async () => {
    const { token } = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, deskwire);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (apps[i % 2] as FastifyInstance).inject({
          method: 'POST',
          url: '/search-ticket-by-ticket-id.html/v.2.0',
          headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
          payload: { ticket_ids: '713516551148' },
        }),
      ),
    );
    assert.deepEqual(countBy(responses), { 200: 25, 429: 5 });
    assert.deepEqual(responses.find((r) => r.statusCode === 429)?.json(), {
      message: 'API calls exceeded the limit of 25 in 5 second(s)',
      status: 'failed',
    });
    assert.equal((await get(apps[0], demo)).statusCode, 200, 'the LeadSquared budget is untouched');
  });
});

describe('rate limit without Redis (the default)', () => {
  test('two instances each count on their own: the budget is per instance', async () => {
    const server = await startTestServer({ logLevel: false });
    const apps = [server.app, await buildApp(server.deskwire, { logLevel: false })];
    try {
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (apps[i % 2] as FastifyInstance).inject({ method: 'GET', url: TICKET_URL, headers: auth(server.demo) }),
        ),
      );
      assert.deepEqual(countBy(responses), { 200: 50, 429: 10 });
    } finally {
      await apps[1]?.close();
      await server.close();
    }
  });
});

describe('rate limit when Redis is unreachable', () => {
  let server: TestServer;

  before(async () => {
    const redisUrl = `redis://:very-secret-redis-pass@127.0.0.1:${await closedPort()}/0`;
    server = await startTestServer({ logLevel: 'info', redisUrl });
  });
  after(() => server.close());

  test('calls fail closed: 503 ServiceUnavailable in the dialect envelope with Retry-After, never 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 3 }, () =>
        server.app.inject({ method: 'GET', url: TICKET_URL, headers: auth(server.demo) }),
      ),
    );
    for (const res of responses) {
      assert.equal(res.statusCode, 503, res.body);
      assert.deepEqual(res.json(), {
        Status: 'Error',
        ExceptionType: 'ServiceUnavailable',
        ExceptionMessage: 'The shared state store is unavailable; retry shortly',
      });
      assert.equal(res.headers['retry-after'], '1');
    }
  });

  test('the Kapture dialect answers the same 503 in its own envelope', async () => {
    const { token } = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, server.deskwire);
    const res = await server.app.inject({
      method: 'POST',
      url: '/search-ticket-by-ticket-id.html/v.2.0',
      headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
      payload: { ticket_ids: '713516551148' },
    });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().status, 'failed');
    assert.equal(res.json().message, 'The shared state store is unavailable; retry shortly');
    assert.equal(res.headers['retry-after'], '1');
  });

  test('unauthenticated calls are still answered 401 (auth runs before the limiter)', async () => {
    const res = await server.app.inject({ method: 'GET', url: TICKET_URL });
    assert.equal(res.statusCode, 401);
  });

  test('the Redis password never reaches the log; the outage does', async () => {
    const logs = server.logs();
    assert.doesNotMatch(logs, /very-secret-redis-pass/);
    assert.match(logs, /shared state in Redis/);
    assert.match(logs, /redis:\/\/:\*\*\*@127\.0\.0\.1/);
    assert.match(logs, /Redis unreachable/);
  });
});

function countBy(responses: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  return counts;
}
