import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closedPort } from './helpers/closed-port.js';
import { openTestRedis, TEST_REDIS_URL, type TestRedis } from './helpers/test-redis.js';
import { startTestServer, TEST_BACKEND, type TestServer } from './helpers/test-server.js';

interface Check {
  status: string;
  engine?: string;
  latencyMs: number;
  error?: string;
}

describe('GET /readyz without Redis', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: 'info' });
  });
  after(() => server.close());

  test('200 ready with a check per backend: storage (its engine) and blobs; no redis check', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { status: string; checks: Record<string, Check> };
    assert.equal(body.status, 'ready');
    assert.deepEqual(Object.keys(body.checks).sort(), ['blobs', 'storage']);
    assert.equal(body.checks.storage?.status, 'up');
    assert.equal(body.checks.storage?.engine, TEST_BACKEND);
    assert.equal(body.checks.blobs?.status, 'up');
    for (const check of Object.values(body.checks)) assert.ok(check.latencyMs >= 0);
  });

  test('needs no credentials, is never rate limited, and probes stay out of the info log', async () => {
    const before = server.logs();
    for (let i = 0; i < 40; i++) {
      assert.equal((await server.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, `probe ${i}`);
      assert.equal((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `probe ${i}`);
    }
    assert.equal(server.logs(), before, 'no log line for a passing probe');
  });

  test('503 names the failing backend when the store is closed; no 500', async () => {
    const other = await startTestServer({ logLevel: false });
    await other.deskwire.storage.close();
    try {
      const res = await other.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503, res.body);
      const body = res.json() as { status: string; failing: string[]; checks: Record<string, Check> };
      assert.equal(body.status, 'unready');
      assert.deepEqual(body.failing, ['storage']);
      assert.equal(body.checks.storage?.status, 'down');
      assert.equal(typeof body.checks.storage?.error, 'string');
      assert.equal(body.checks.blobs?.status, 'up');
    } finally {
      await other.app.close();
      await other.deskwire.close().catch(() => {});
    }
  });
});

describe('GET /readyz with Redis', () => {
  let redis: TestRedis;
  let server: TestServer;
  before(async () => {
    redis = openTestRedis('readyz');
    server = await startTestServer({ logLevel: false, redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix });
  });
  after(async () => {
    await server.close();
    await redis.cleanup();
  });

  test('200 with a redis check when Redis answers', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    const { checks } = res.json() as { checks: Record<string, Check> };
    assert.deepEqual(Object.keys(checks).sort(), ['blobs', 'redis', 'storage']);
    assert.deepEqual({ status: checks.redis?.status, engine: checks.redis?.engine }, { status: 'up', engine: 'redis' });
  });
});

describe('GET /readyz with Redis on a closed port', () => {
  let server: TestServer;
  before(async () => {
    const redisUrl = `redis://:never-printed-password@127.0.0.1:${await closedPort()}`;
    server = await startTestServer({ logLevel: false, redisUrl });
  });
  after(() => server.close());

  test('503 naming redis (not hanging, not 500), while /healthz stays 200 (liveness)', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503, res.body);
    const body = res.json() as { status: string; failing: string[]; checks: Record<string, Check> };
    assert.equal(body.status, 'unready');
    assert.deepEqual(body.failing, ['redis']);
    assert.equal(body.checks.redis?.status, 'down');
    // docs/cli.md: `timeout` or the error's code; never ioredis' MaxRetriesPerRequestError, which hides the cause.
    assert.match(body.checks.redis?.error ?? '', /^(timeout|ECONNREFUSED)$/);
    assert.equal(body.checks.storage?.status, 'up');
    assert.doesNotMatch(res.body, /never-printed-password|127\.0\.0\.1/, 'no URL, host or password in the answer');
    assert.equal((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
