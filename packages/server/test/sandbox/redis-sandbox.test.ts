import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '@deskwire/server';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openTestRedis, redisKeys, TEST_REDIS_URL, type TestRedis } from '../helpers/test-redis.js';
import { auth, type Keys } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer, TOKEN } from './sandbox-server.js';

const ORG = 7801;

/** Two instances with the sandbox on, sharing fault rules and the journal through one Redis. */
describe('sandbox state shared through Redis by two instances', () => {
  let redis: TestRedis;
  let server: SandboxServer;
  let second: FastifyInstance;
  let keys: Keys;
  let number: number;

  before(async () => {
    redis = openTestRedis('sandbox');
    const shared = { redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix };
    server = await startSandboxServer(shared);
    second = await buildApp(server.deskwire, { logLevel: false, adminToken: TOKEN, ...shared });
    keys = await sandboxTenant(server, ORG, { rateLimit: { max: 100_000, windowMs: 1000 } });
    number = await sandboxTicket(server, ORG);
  });
  after(async () => {
    await second.close();
    await server.close();
    await redis.cleanup();
  });

  const apps = () => [server.app, second];
  const getTicket = (app: FastifyInstance) =>
    app.inject({ method: 'GET', url: `/api/tenants/${ORG}/tickets/${number}`, headers: auth(keys) });
  const admin = (app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({
      method,
      url: `/_deskwire${url}`,
      headers: { authorization: `Bearer ${TOKEN}` },
      ...(payload && { payload }),
    });

  test('a rule with times=3, added on one instance, fires exactly 3 times across both', async () => {
    const added = await admin(server.app, 'POST', '/faults', {
      id: 'three-times',
      orgId: ORG,
      operation: 'lsq.getTicket',
      times: 3,
      respond: { status: 503, body: { Status: 'Error', ExceptionType: 'ServiceUnavailable', ExceptionMessage: 'x' } },
    });
    assert.equal(added.statusCode, 201, added.body);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => getTicket(apps()[i % 2] as FastifyInstance)),
    );
    assert.deepEqual(countBy(responses), { 200: 17, 503: 3 });
    const seen = await admin(second, 'GET', '/faults/three-times');
    assert.equal(seen.statusCode, 200, 'the other instance sees the rule');
    assert.equal(seen.json().fired, 3);
  });

  test('both instances write one journal; either reads all of it, oldest first', async () => {
    await admin(second, 'DELETE', `/tenants/${ORG}/requests`);
    await getTicket(server.app);
    await getTicket(second);
    await getTicket(server.app);
    for (const app of apps()) {
      // An instance journals after its response is sent, over its own connection: the other may
      // read a moment before the last write lands, so wait for it (bounded).
      let entries: Array<{ id: number; operation: string; status: number }> = [];
      for (let attempt = 0; attempt < 50 && entries.length < 3; attempt++) {
        if (attempt > 0) await sleep(20);
        const res = await admin(app, 'GET', `/tenants/${ORG}/requests`);
        assert.equal(res.statusCode, 200, res.body);
        entries = res.json().requests;
      }
      assert.equal(entries.length, 3);
      assert.deepEqual(
        entries.map((e) => e.operation),
        ['lsq.getTicket', 'lsq.getTicket', 'lsq.getTicket'],
      );
      const ids = entries.map((e) => e.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
    }
  });

  test('a tenant reset on one instance clears the shared journal and rules', async () => {
    await admin(server.app, 'POST', '/faults', { orgId: ORG, latency: { type: 'fixed', ms: 1 } });
    await getTicket(second);
    const reset = await admin(second, 'POST', `/tenants/${ORG}/reset`);
    assert.equal(reset.statusCode, 200, reset.body);
    const journal = await admin(server.app, 'GET', `/tenants/${ORG}/requests`);
    assert.deepEqual(journal.json().requests, []);
    const rules = await admin(server.app, 'GET', `/faults?orgId=${ORG}`);
    assert.deepEqual(rules.json().rules, []);
    const keys = await redisKeys(redis.client, redis.prefix);
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(redis.prefix)));
  });
});

function countBy(responses: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  return counts;
}
