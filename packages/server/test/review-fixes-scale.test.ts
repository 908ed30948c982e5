import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { updateTenant } from '@deskwire/server';
import { closedPort } from './helpers/closed-port.js';
import { openTestRedis, TEST_REDIS_URL, type TestRedis } from './helpers/test-redis.js';
import { addAgentKey, auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

/** Regression tests of the scale-out review (Redis, /metrics): each failed before its fix. */

const TICKET_URL = `/api/tenants/${DEMO_ORG}/tickets/143`;

describe('Redis URL in the start-up log', () => {
  test('a password given as ?password= (which ioredis honours) is redacted like one in the user info', async () => {
    const server = await startTestServer({
      logLevel: 'info',
      redisUrl: `redis://127.0.0.1:${await closedPort()}/0?password=query-secret-pass&db=0`,
    });
    try {
      const logs = server.logs();
      assert.match(logs, /shared state in Redis/);
      assert.doesNotMatch(logs, /query-secret-pass/);
      assert.match(logs, /password=\*\*\*/);
      assert.match(logs, /db=0/, 'harmless parameters stay readable');
    } finally {
      await server.close();
    }
  });
});

describe('Redis rate limit after a tenant shortens its window', () => {
  let server: TestServer;
  let redis: TestRedis;

  before(async () => {
    redis = openTestRedis('review-window');
    server = await startTestServer({ logLevel: false, redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix });
  });
  after(async () => {
    await server.close();
    await redis.cleanup();
  });

  test('the next refusal waits at most the new window (as the in-memory store does), not the old one', async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 2, windowMs: 600_000 } } }, server.deskwire);
    const keys = await addAgentKey(server, DEMO_ORG);
    const get = () => server.app.inject({ method: 'GET', url: TICKET_URL, headers: auth(keys) });
    assert.equal((await get()).statusCode, 200);
    assert.equal((await get()).statusCode, 200);
    const before = await get();
    assert.equal(before.statusCode, 429);
    assert.ok(Number(before.headers['retry-after']) > 500, `retry-after ${before.headers['retry-after']}`);

    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 2, windowMs: 3000 } } }, server.deskwire);
    const after = await get();
    assert.equal(after.statusCode, 429);
    const retryAfter = Number(after.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 3, `retry-after ${retryAfter} s, the window is now 3 s`);
    const key = `${redis.prefix}rate:lsq:${keys.accessKey}`;
    const ttl = await redis.client.pttl(key);
    assert.ok(ttl > 0 && ttl <= 3000, `the counter expires within the new window (pttl ${ttl})`);
  });
});

describe('GET /metrics behind a trusted proxy', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ logLevel: false, trustProxy: true });
  });
  after(() => server.close());

  test('a remote caller cannot pass as loopback by sending X-Forwarded-For: 127.0.0.1', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    assert.equal(res.statusCode, 403, res.body);
  });

  test('a loopback scraper is still answered', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    assert.equal(res.statusCode, 200);
  });
});
