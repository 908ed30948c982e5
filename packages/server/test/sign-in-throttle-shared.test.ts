import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp, createUser, type FailureCounter, MemoryFailureCounter, RedisFailureCounter } from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { closedPort } from './helpers/closed-port.js';
import { openTestRedis, redisKeys, TEST_REDIS_URL, type TestRedis } from './helpers/test-redis.js';
import { DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

// The sign-in throttle's failure counters (core/sign-in-throttle.ts): one conformance suite run against
// the in-process counter and the Redis one, then two instances sharing Redis counting as one.

const PASSWORD = 'correct horse battery staple';
const WINDOW_MS = 300;

function counterSuite(name: string, open: () => { counter: FailureCounter; close: () => Promise<void> }) {
  describe(`failure counter: ${name}`, () => {
    let counter: FailureCounter;
    let close: () => Promise<void>;
    before(() => {
      ({ counter, close } = open());
    });
    after(() => close());

    test('a key with no failures has no window', async () => {
      assert.deepEqual(await counter.read(['account:none']), [undefined]);
    });

    test('attempts add up per key, each in its own window that says how long it has left', async () => {
      const [first] = await counter.add(['account:a', 'address:x'], 60_000);
      assert.equal(first?.failures, 1);
      const [second, fresh] = await counter.add(['account:a', 'address:y'], 60_000);
      assert.equal(second?.failures, 2, 'add answers the count with this attempt');
      assert.equal(fresh?.failures, 1);
      const [a, x, y, none] = await counter.read(['account:a', 'address:x', 'address:y', 'account:b']);
      assert.equal(a?.failures, 2);
      assert.equal(x?.failures, 1);
      assert.equal(y?.failures, 1);
      assert.equal(none, undefined);
      assert.ok(a && a.remainingMs > 0 && a.remainingMs <= 60_000, `remaining ${a?.remainingMs}`);
    });

    test('concurrent attempts each get their own count', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => counter.add(['account:burst'], 60_000)));
      assert.deepEqual(
        counts.map(([w]) => w?.failures).sort((a, b) => (a ?? 0) - (b ?? 0)),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    test('taking an attempt back never goes below zero', async () => {
      await counter.add(['address:back'], 60_000);
      await counter.add(['address:back'], 60_000);
      await counter.remove('address:back');
      assert.equal((await counter.read(['address:back']))[0]?.failures, 1);
      await counter.remove('address:back');
      await counter.remove('address:back');
      assert.equal((await counter.read(['address:back']))[0], undefined);
      await counter.remove('address:never');
      assert.equal((await counter.read(['address:never']))[0], undefined);
    });

    test('clearing a key forgets it and only it', async () => {
      await counter.add(['account:c', 'address:z'], 60_000);
      await counter.clear('account:c');
      const [c, z] = await counter.read(['account:c', 'address:z']);
      assert.equal(c, undefined);
      assert.equal(z?.failures, 1);
    });

    test('a window is fixed from its first failure and forgotten when it ends', async () => {
      await counter.add(['account:w'], WINDOW_MS);
      await sleep(WINDOW_MS / 2);
      await counter.add(['account:w'], WINDOW_MS);
      const [mid] = await counter.read(['account:w']);
      assert.equal(mid?.failures, 2);
      assert.ok(
        mid && mid.remainingMs <= WINDOW_MS / 2 + 20,
        `the window did not restart: ${mid?.remainingMs} ms left`,
      );
      await sleep(WINDOW_MS);
      assert.deepEqual(await counter.read(['account:w']), [undefined]);
    });
  });
}

counterSuite('memory', () => ({ counter: new MemoryFailureCounter(), close: async () => {} }));

let suiteRedis: TestRedis;
counterSuite('redis', () => {
  suiteRedis = openTestRedis('signin-counter');
  return { counter: new RedisFailureCounter(suiteRedis.connect()), close: () => suiteRedis.cleanup() };
});

describe('sign-in throttle shared through Redis by two instances', { timeout: 60_000 }, () => {
  let server: TestServer;
  let redis: TestRedis;
  let apps: FastifyInstance[];

  before(async () => {
    redis = openTestRedis('signin');
    const options = {
      logLevel: false as const,
      trustProxy: true,
      redisUrl: TEST_REDIS_URL,
      redisKeyPrefix: redis.prefix,
      sessions: { signIn: { perAccount: 4, perAddress: 100, windowSeconds: 900 } },
    };
    server = await startTestServer(options);
    apps = [server.app, await buildApp(server.deskwire, options)];
    await createUser(
      { orgId: DEMO_ORG, name: 'Mira', email: 'mira@edu101.example', role: 'Agent', password: PASSWORD },
      server.deskwire,
    );
  });
  after(async () => {
    await apps[1]?.close();
    await server.close();
    await redis.cleanup();
  });

  const signIn = (app: FastifyInstance | undefined, password: string, ip: string) =>
    (app as FastifyInstance).inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      payload: JSON.stringify({ email: 'mira@edu101.example', password }),
    });

  test('failures spread over both instances meet one budget; the counters hold no email or address', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await signIn(apps[i % 2], `wrong password ${i}`, `198.51.100.${i}`);
      assert.equal(res.statusCode, 401, res.body);
    }
    for (const app of apps) {
      const locked = await signIn(app, PASSWORD, '198.51.100.50');
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal(locked.json().error.code, 'RateLimitExceeded');
      assert.ok(Number(locked.headers['retry-after']) > 890, `Retry-After ${locked.headers['retry-after']}`);
    }
    const keys = await redisKeys(redis.client, `${redis.prefix}signin:`);
    assert.equal(keys.length, 6, keys.join(', '));
    assert.ok(!keys.some((k) => /mira|edu101|198\.51/.test(k)), keys.join(', '));
    // Nor a plain hash that a list of addresses could be checked against: the names are keyed (HMAC).
    const plain = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);
    for (const value of ['198.51.100.0', '198.51.100.50', '*:mira@edu101.example', 'mira@edu101.example']) {
      assert.ok(!keys.some((k) => k.endsWith(plain(value))), `${value}: ${keys.join(', ')}`);
    }
  });
});

for (const shared of [false, true]) {
  describe(
    `concurrent wrong guesses, ${shared ? 'counted in Redis' : 'counted in memory'}`,
    { timeout: 60_000 },
    () => {
      let server: TestServer;
      let redis: TestRedis | undefined;
      before(async () => {
        redis = shared ? openTestRedis('signin-burst') : undefined;
        server = await startTestServer({
          logLevel: false,
          ...(redis && { redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix }),
          sessions: { signIn: { perAccount: 5, perAddress: 1000, windowSeconds: 900 } },
        });
        await createUser(
          { orgId: DEMO_ORG, name: 'Burst', email: 'burst@edu101.example', role: 'Agent', password: PASSWORD },
          server.deskwire,
        );
      });
      after(async () => {
        await server.close();
        await redis?.cleanup();
      });

      test('40 at once against a budget of 5: 5 are checked, 35 refused with 429', async () => {
        const responses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            server.app.inject({
              method: 'POST',
              url: '/api/v1/session',
              headers: { 'content-type': 'application/json' },
              payload: JSON.stringify({ email: 'burst@edu101.example', password: `wrong guess ${i}` }),
            }),
          ),
        );
        const byStatus: Record<number, number> = {};
        for (const res of responses) byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
        assert.deepEqual(byStatus, { 401: 5, 429: 35 });
      });
    },
  );
}

describe('sign-in while Redis is unreachable', { timeout: 60_000 }, () => {
  let server: TestServer;
  before(async () => {
    const redisUrl = `redis://127.0.0.1:${await closedPort()}/0`;
    server = await startTestServer({ logLevel: false, redisUrl });
  });
  after(() => server.close());

  test('is refused with 503 and Retry-After in the /api/v1 error body, not let through unthrottled', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'admin@edu101.example', password: 'anything at all' }),
    });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().error.code, 'ServiceUnavailable');
    assert.equal(res.headers['retry-after'], '1');
  });
});
