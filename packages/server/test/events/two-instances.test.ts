import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp, createWebhook, type Deskwire, newWebhookSecret, openDeskwire, seedDemo } from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/test-redis.js';
import { auth, DEMO_LEAD, DEMO_ORG, documentedCreateBody, type Keys } from '../helpers/test-server.js';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../storage/postgres-test-schema.js';
import { startReceiver } from './receiver.js';

// Two instances on one PostgreSQL schema and one Redis (issue 18): writes through either, both running a
// webhook dispatcher that claims with FOR UPDATE SKIP LOCKED. Each event reaches the receiver once.

describe('two instances on one PostgreSQL and Redis deliver each event once', { timeout: 120_000 }, () => {
  const schema = freshSchemaName('dw_events');
  const prefix = uniqueRedisPrefix('events');
  const instances: Array<{ deskwire: Deskwire; app: FastifyInstance; dir: string }> = [];
  let keys: Keys;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  before(async () => {
    receiver = await startReceiver();
    for (let i = 0; i < 2; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'deskwire-two-'));
      const deskwire = await openDeskwire({ dataDir: dir, databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema });
      if (i === 0) {
        const demo = await seedDemo(deskwire);
        keys = { accessKey: demo.accessKey, secretKey: demo.secretKey };
        await deskwire.storage.tenants.update(DEMO_ORG, { rateLimit: { max: 1_000_000, windowMs: 1000 } });
        await createWebhook({ orgId: DEMO_ORG, url: receiver.url, secret: newWebhookSecret() }, deskwire);
      }
      const app = await buildApp(deskwire, {
        logLevel: false,
        redisUrl: TEST_REDIS_URL,
        redisKeyPrefix: prefix,
        webhooksAllowPrivate: true,
      });
      await app.ready();
      instances.push({ deskwire, app, dir });
    }
  });
  after(async () => {
    for (const { app, deskwire, dir } of instances) {
      await app.close();
      await deskwire.close();
      await rm(dir, { recursive: true, force: true });
    }
    await receiver.close();
    await dropSchema(schema);
    const redis = new Redis(TEST_REDIS_URL);
    await deleteRedisKeys(redis, prefix);
    redis.disconnect();
  });

  test('60 creates through both instances: 60 deliveries, no webhook-id twice', async () => {
    const writes = Array.from({ length: 60 }, (_, i) =>
      instances[i % 2]?.app.inject({
        method: 'POST',
        url: `/api/tenants/${DEMO_ORG}/tickets`,
        headers: auth(keys),
        payload: documentedCreateBody(DEMO_LEAD),
      }),
    );
    for (const res of await Promise.all(writes)) assert.equal(res?.statusCode, 200, res?.body);
    const deadline = Date.now() + 30_000;
    while (receiver.received.length < 60 && Date.now() < deadline) await sleep(50);
    // A little longer, so a second delivery of any event would have arrived too.
    await sleep(1500);
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    assert.equal(ids.length, 60, 'each of the 60 events delivered');
    assert.equal(new Set(ids).size, 60, 'no event delivered twice');
  });

  test('a long-poll on one instance returns the event written through the other', async () => {
    const [a, b] = instances;
    assert.ok(a && b);
    const last = await a.deskwire.storage.events.lastSequence(DEMO_ORG);
    const poll = b.app.inject({
      method: 'GET',
      url: `/api/v1/tenants/${DEMO_ORG}/events?after=${last}&wait=20`,
      headers: auth(keys),
    });
    await sleep(200);
    const write = await a.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(keys),
      payload: documentedCreateBody(DEMO_LEAD),
    });
    assert.equal(write.statusCode, 200);
    const res = await poll;
    assert.equal(res.statusCode, 200);
    const page = res.json() as { events: Array<{ type: string; sequence: number }>; next: number };
    assert.deepEqual(
      page.events.map((e) => e.type),
      ['ticket.created'],
    );
    assert.equal(page.next, last + 1);
  });
});
