import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import { openTestRedis, TEST_REDIS_URL } from '../helpers/test-redis.js';
import { addAgentKey, auth, DEMO_ORG, type Keys, startTestServer, type TestServer } from '../helpers/test-server.js';

// Ticket presence on /api/v1 (docs/api.md "Presence"): heartbeats that lapse after 30 s, the others on a
// ticket with their activity, tenant-scoped, never journaled, shared through Redis by every instance.

const PATH = `/api/v1/tenants/${DEMO_ORG}/tickets/143/presence`;
const PASSWORD = 'presence test password';

type Method = 'GET' | 'PUT' | 'DELETE';
function call(
  server: TestServer,
  method: Method,
  headers: Record<string, string>,
  payload?: unknown,
  url = PATH,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method,
    url,
    headers: { ...headers, ...(payload !== undefined && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

const names = (res: LightMyRequestResponse) =>
  (res.json() as { agents: Array<{ name: string; activity: string }> }).agents.map((a) => `${a.name}:${a.activity}`);

describe('/api/v1 ticket presence', { timeout: 60_000 }, () => {
  let server: TestServer;
  let agent: Keys & { userId: string };
  let admin: Record<string, string>;
  before(async () => {
    server = await startTestServer({ logLevel: false, adminToken: 'presence-sandbox-token' });
    await server.unlimit();
    agent = await addAgentKey(server, DEMO_ORG);
    admin = auth(server.demo);
  });
  after(() => server.close());

  test('a heartbeat is seen by the others with name, activity, since and expiry; never by the caller', async () => {
    const beat = await call(server, 'PUT', auth(agent), { activity: 'replying' });
    assert.equal(beat.statusCode, 200, beat.body);
    assert.deepEqual(beat.json(), { ticketNumber: 143, ttlSeconds: 30, agents: [] }, 'the caller is not listed');
    const seen = await call(server, 'GET', admin);
    assert.equal(seen.statusCode, 200, seen.body);
    const [entry, ...rest] = (seen.json() as { agents: Array<Record<string, string>> }).agents;
    assert.equal(rest.length, 0);
    assert.equal(entry?.userId, agent.userId);
    assert.equal(entry?.name, 'Test agent');
    assert.equal(entry?.activity, 'replying');
    assert.equal(Date.parse(entry?.expiresAt ?? '') - Date.parse(entry?.since ?? ''), 30_000);
    const mine = await call(server, 'PUT', admin, { activity: 'viewing' });
    assert.deepEqual(names(mine), ['Test agent:replying'], "the heartbeat's answer lists the others");
    assert.deepEqual(names(await call(server, 'GET', auth(agent))), ['Sri Sudhan R:viewing'], 'both ways');
  });

  test('by key #143 it is the same ticket as by number', async () => {
    const byKey = await call(server, 'GET', admin, undefined, `/api/v1/tenants/${DEMO_ORG}/tickets/%23143/presence`);
    assert.deepEqual(names(byKey), ['Test agent:replying']);
  });

  test('an entry lapses 30 s after its last heartbeat; a renewal keeps it', async () => {
    await call(server, 'PUT', auth(agent), { activity: 'replying' });
    server.advanceClock(20_000);
    await call(server, 'PUT', auth(agent), { activity: 'replying' });
    server.advanceClock(20_000);
    assert.deepEqual(names(await call(server, 'GET', admin)), ['Test agent:replying'], 'renewed 20 s ago');
    server.advanceClock(10_001);
    assert.deepEqual(names(await call(server, 'GET', admin)), [], 'lapsed');
  });

  test('DELETE leaves at once (204), and leaving twice is fine', async () => {
    await call(server, 'PUT', auth(agent), { activity: 'viewing' });
    assert.deepEqual(names(await call(server, 'GET', admin)), ['Test agent:viewing']);
    assert.equal((await call(server, 'DELETE', auth(agent))).statusCode, 204);
    assert.equal((await call(server, 'DELETE', auth(agent))).statusCode, 204);
    assert.deepEqual(names(await call(server, 'GET', admin)), []);
  });

  test('a ticket that does not exist in the tenant: 404 TicketNotFound for every method', async () => {
    const url = `/api/v1/tenants/${DEMO_ORG}/tickets/999/presence`;
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await call(server, method, admin, method === 'PUT' ? { activity: 'viewing' } : undefined, url);
      assert.equal(res.statusCode, 404, `${method} ${res.body}`);
      assert.deepEqual(res.json(), { error: { code: 'TicketNotFound', message: "Ticket '999' does not exist" } });
    }
  });

  test('bad bodies: 400 naming the problem', async () => {
    for (const body of [{ activity: 'typing' }, {}, { activity: 'viewing', extra: 1 }]) {
      const res = await call(server, 'PUT', admin, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal((res.json() as { error: { code: string } }).error.code, 'ValidationError');
    }
  });

  test('an agent session works like the key pair (CSRF header on writes)', async () => {
    await createUser(
      { orgId: DEMO_ORG, name: 'Meera', email: 'meera@edu101.example', role: 'Agent', password: PASSWORD },
      server.deskwire,
    );
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'meera@edu101.example', password: PASSWORD }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const cookie = res.cookies.find((c) => c.name === 'deskwire_session');
    assert.ok(cookie);
    const session = { cookie: `deskwire_session=${cookie.value}` };
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    const noCsrf = await call(server, 'PUT', session, { activity: 'replying' });
    assert.equal(noCsrf.statusCode, 403, noCsrf.body);
    const ok = await call(server, 'PUT', { ...session, 'x-deskwire-csrf': csrf }, { activity: 'replying' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(names(await call(server, 'GET', admin)).includes('Meera:replying'));
    assert.equal((await call(server, 'DELETE', { ...session, 'x-deskwire-csrf': csrf })).statusCode, 204);
  });

  test('presence calls are left out of the sandbox request journal', async () => {
    await call(server, 'PUT', admin, { activity: 'viewing' });
    await call(server, 'GET', admin);
    const journal = await server.app.inject({
      method: 'GET',
      url: `/_deskwire/tenants/${DEMO_ORG}/requests`,
      headers: { authorization: 'Bearer presence-sandbox-token' },
    });
    assert.equal(journal.statusCode, 200, journal.body);
    const operations = (journal.json() as { requests: Array<{ operation: string | null }> }).requests.map(
      (r) => r.operation,
    );
    assert.ok(!operations.some((o) => o?.endsWith('Presence')), operations.join(', '));
  });
});

describe('/api/v1 ticket presence across instances (Redis)', { timeout: 60_000 }, () => {
  const redis = openTestRedis('presence-http');
  let one: TestServer;
  let two: TestServer;
  before(async () => {
    const options = { logLevel: false as const, redisUrl: TEST_REDIS_URL, redisKeyPrefix: redis.prefix };
    one = await startTestServer(options);
    two = await startTestServer(options);
  });
  after(async () => {
    await one.close();
    await two.close();
    await redis.cleanup();
  });

  test('a heartbeat made on one instance is seen on the other, and so is leaving', async () => {
    const agent = await addAgentKey(one, DEMO_ORG);
    assert.equal((await call(one, 'PUT', auth(agent), { activity: 'replying' })).statusCode, 200);
    assert.deepEqual(names(await call(two, 'GET', auth(two.demo))), ['Test agent:replying']);
    assert.equal((await call(one, 'DELETE', auth(agent))).statusCode, 204);
    assert.deepEqual(names(await call(two, 'GET', auth(two.demo))), []);
  });
});
