import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import {
  addAgentKey,
  addTenant,
  auth,
  DEMO_ORG,
  type Keys,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';

// The sandbox's request journal and fault rules for a tenant's Admin on /api/v1 (docs/api.md "Sandbox"):
// the same stores as /_deskwire, scoped to the caller's tenant, Admin only, and absent with the sandbox off.

const TOKEN = 'native-sandbox-admin-token';
const BASE = `/api/v1/tenants/${DEMO_ORG}/sandbox`;
const OTHER_ORG = 31337;
const PASSWORD = 'a long console admin password';

interface Entry {
  id: number;
  operation: string | null;
  status: number;
  path: string;
  faultId: string | null;
}

function call(
  server: TestServer,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method,
    url,
    headers: { ...headers, ...(payload !== undefined && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

describe('/api/v1 sandbox journal and fault rules (sandbox on)', { timeout: 60_000 }, () => {
  let server: TestServer;
  let admin: Record<string, string>;
  let agent: Keys;
  let otherKeys: Keys;
  const l4 = async (keys: Keys = server.demo, orgId = DEMO_ORG) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${orgId}/tickets/143`,
      headers: auth(keys),
    });
    // The journal records in onResponse, after the response is out: let that hook finish.
    await new Promise((resolve) => setImmediate(resolve));
    return res;
  };
  const journal = async (query = '') => {
    const res = await call(server, 'GET', `${BASE}/journal${query}`, admin);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { requests: Entry[]; cursor: number };
  };

  before(async () => {
    server = await startTestServer({ logLevel: false, adminToken: TOKEN });
    await server.unlimit();
    admin = auth(server.demo);
    agent = await addAgentKey(server, DEMO_ORG);
    otherKeys = await addTenant(server, OTHER_ORG);
  });
  after(() => server.close());

  test('GET …/sandbox says the sandbox is on', async () => {
    const res = await call(server, 'GET', BASE, admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { enabled: true });
  });

  test('the journal lists L4 calls newest first; `after` the cursor gives only what came since', async () => {
    assert.equal((await l4()).statusCode, 200);
    const first = await journal();
    const newest = first.requests[0];
    assert.equal(newest?.operation, 'lsq.getTicket');
    assert.equal(newest?.status, 200);
    assert.equal(first.cursor, newest?.id);
    assert.ok(!first.requests.some((r) => r.operation?.startsWith('v1.') && /Journal|Sandbox|Fault/.test(r.operation)));
    assert.deepEqual(await journal(`?after=${first.cursor}`), { requests: [], cursor: first.cursor }, 'nothing new');
    await l4();
    await l4();
    const tail = await journal(`?after=${first.cursor}`);
    assert.equal(tail.requests.length, 2);
    assert.ok((tail.requests[0]?.id ?? 0) > (tail.requests[1]?.id ?? 0), 'newest first');
    assert.equal(tail.cursor, tail.requests[0]?.id);
    assert.equal((await journal('?limit=1')).requests.length, 1);
    // More new entries than `limit` between two polls: a tail delivers every one, oldest pages first.
    for (let i = 0; i < 5; i++) await l4();
    const seen: number[] = [];
    let cursor = tail.cursor;
    for (let page = 0; page < 5; page++) {
      const next = await journal(`?after=${cursor}&limit=2`);
      seen.push(...next.requests.map((r) => r.id));
      cursor = next.cursor;
      if (next.requests.length === 0) break;
    }
    const lsq = seen.filter((id) => id > tail.cursor);
    assert.equal(new Set(lsq).size, lsq.length);
    assert.ok(lsq.length >= 5, `all five new calls delivered across pages (${lsq.length})`);
    assert.equal((await journal('?operation=lsq.getTicket&status=2xx')).requests.length >= 3, true);
    assert.deepEqual((await journal('?status=5xx')).requests, []);
  });

  test("the journal holds only the caller's tenant", async () => {
    await l4(otherKeys, OTHER_ORG);
    const other = await call(server, 'GET', `/api/v1/tenants/${OTHER_ORG}/sandbox/journal`, auth(otherKeys));
    assert.equal(other.statusCode, 200, other.body);
    const requests = (other.json() as { requests: Entry[] }).requests;
    assert.ok(
      requests.every((r) => r.path.includes(`/${OTHER_ORG}/`)),
      JSON.stringify(requests),
    );
    assert.ok((await journal()).requests.every((r) => !r.path.includes(`/${OTHER_ORG}/`)));
    // The demo tenant made many calls before: none of them shows in the other tenant's ids.
    assert.deepEqual(
      requests.map((r) => r.id).reverse(),
      requests.map((_, i) => i + 1),
      "the other tenant's ids count its own calls, from 1",
    );
  });

  test('a fault rule added here makes the next matching vendor call fail as it says, then is removed', async () => {
    const added = await call(server, 'POST', `${BASE}/faults`, admin, {
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 503, body: { Status: 'Error', Message: 'injected outage' } },
    });
    assert.equal(added.statusCode, 201, added.body);
    const rule = added.json() as { id: string; orgId: number; fired: number };
    assert.equal(rule.orgId, DEMO_ORG, 'scoped to the caller tenant');
    assert.match(rule.id, new RegExp(`^fault-${DEMO_ORG}-\\d+$`), "named and counted within the caller's tenant");
    const failed = await l4();
    assert.equal(failed.statusCode, 503);
    assert.deepEqual(failed.json(), { Status: 'Error', Message: 'injected outage' });
    const theirs = await l4(otherKeys, OTHER_ORG);
    assert.equal(theirs.statusCode, 404, `another tenant's calls are untouched: ${theirs.body}`);
    assert.equal((await l4()).statusCode, 200, 'times: 1');
    const faulted = (await journal('?status=503')).requests[0];
    assert.equal(faulted?.faultId, rule.id);
    const listed = await call(server, 'GET', `${BASE}/faults`, admin);
    assert.deepEqual(
      (listed.json() as { rules: Array<{ id: string; fired: number }> }).rules.map((r) => [r.id, r.fired]),
      [[rule.id, 1]],
    );
    assert.equal((await call(server, 'DELETE', `${BASE}/faults/${rule.id}`, admin)).statusCode, 204);
    const again = await call(server, 'DELETE', `${BASE}/faults/${rule.id}`, admin);
    assert.equal(again.statusCode, 404);
    assert.equal((again.json() as { error: { code: string } }).error.code, 'FaultRuleNotFound');
  });

  test("another tenant's rule (or one for every tenant) is neither listed nor removable here", async () => {
    const theirs = await call(server, 'POST', `/api/v1/tenants/${OTHER_ORG}/sandbox/faults`, auth(otherKeys), {
      operation: 'lsq.*',
      respond: { status: 500 },
    });
    assert.equal(theirs.statusCode, 201, theirs.body);
    const { id } = theirs.json() as { id: string };
    const global = await server.app.inject({
      method: 'POST',
      url: '/_deskwire/faults',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { id: 'everyone', operation: 'kapture.*', respond: { status: 500 } },
    });
    assert.equal(global.statusCode, 201, global.body);
    const mine = await call(server, 'GET', `${BASE}/faults`, admin);
    assert.deepEqual((mine.json() as { rules: unknown[] }).rules, []);
    for (const victim of [id, 'everyone']) {
      const res = await call(server, 'DELETE', `${BASE}/faults/${victim}`, admin);
      assert.equal(res.statusCode, 404, res.body);
      assert.deepEqual(res.json(), {
        error: { code: 'FaultRuleNotFound', message: `fault rule '${victim}' does not exist` },
      });
    }
    assert.equal((await l4()).statusCode, 200, 'their lsq.* rule does not touch this tenant');
    await call(server, 'DELETE', `/api/v1/tenants/${OTHER_ORG}/sandbox/faults/${id}`, auth(otherKeys));
    await server.app.inject({
      method: 'DELETE',
      url: '/_deskwire/faults/everyone',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
  });

  test("the console's own calls (a session) are neither journaled nor faulted; the same call with keys is", async () => {
    await createUser(
      {
        orgId: DEMO_ORG,
        name: 'Console admin',
        email: 'console-admin@edu101.example',
        role: 'Admin',
        password: PASSWORD,
      },
      server.deskwire,
    );
    const signed = await call(
      server,
      'POST',
      '/api/v1/session',
      {},
      {
        email: 'console-admin@edu101.example',
        password: PASSWORD,
      },
    );
    assert.equal(signed.statusCode, 201, signed.body);
    const cookie = signed.cookies.find((c) => c.name === 'deskwire_session');
    const session = { cookie: `deskwire_session=${cookie?.value}` };
    const rule = await call(server, 'POST', `${BASE}/faults`, admin, { operation: '*', respond: { status: 500 } });
    assert.equal(rule.statusCode, 201, rule.body);
    const { id } = rule.json() as { id: string };
    const before = (await journal()).cursor;
    const viaSession = await call(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, session);
    assert.equal(viaSession.statusCode, 200, 'the rule for every operation leaves the console alone');
    const viaKeys = await call(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, admin);
    assert.equal(viaKeys.statusCode, 500, 'the same call with the key pair is faulted');
    assert.equal((await call(server, 'DELETE', `${BASE}/faults/${id}`, admin)).statusCode, 204);
    await new Promise((resolve) => setImmediate(resolve));
    const tail = await journal(`?after=${before}`);
    assert.deepEqual(
      tail.requests.map((r) => [r.operation, r.status]),
      [['v1.getTicket', 500]],
      'only the key pair call is journaled',
    );
  });

  test('bad rules: 400 naming the problem (unknown operation, no effect, an id or orgId of its own)', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ operation: 'lsq.getTickt', respond: { status: 500 } }, /is not an operation/],
      [{ operation: 'v1.getTicket', respond: { status: 500 } }, /is not an operation/],
      [{ operation: 'lsq.getTicket' }, /needs an effect/],
      [{ id: 'mine', respond: { status: 500 } }, /id|additional/i],
      [{ orgId: OTHER_ORG, respond: { status: 500 } }, /orgId|additional/i],
    ];
    for (const [body, message] of cases) {
      const res = await call(server, 'POST', `${BASE}/faults`, admin, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.match((res.json() as { error: { message: string } }).error.message, message);
    }
  });

  test('one tenant cannot fill the shared rule list or load it with big bodies: 400 past 50 rules or 64 KiB', async () => {
    const big = await call(server, 'POST', `${BASE}/faults`, admin, {
      operation: 'lsq.getTicket',
      respond: { status: 503, rawBody: 'x'.repeat(70 * 1024) },
    });
    assert.equal(big.statusCode, 400, big.body);
    assert.match((big.json() as { error: { message: string } }).error.message, /at most 65536 bytes/);
    const before = (await call(server, 'GET', `${BASE}/faults`, admin)).json() as { rules: Array<{ id: string }> };
    const added: string[] = [];
    try {
      for (let i = before.rules.length; i < 50; i++) {
        const res = await call(server, 'POST', `${BASE}/faults`, admin, {
          operation: 'lsq.getTicket',
          probability: 0,
          respond: { status: 500 },
        });
        assert.equal(res.statusCode, 201, res.body);
        added.push((res.json() as { id: string }).id);
      }
      const over = await call(server, 'POST', `${BASE}/faults`, admin, {
        operation: 'lsq.getTicket',
        probability: 0,
        respond: { status: 500 },
      });
      assert.equal(over.statusCode, 400, over.body);
      assert.match((over.json() as { error: { message: string } }).error.message, /at most 50 fault rules per tenant/);
    } finally {
      for (const id of added) await call(server, 'DELETE', `${BASE}/faults/${id}`, admin);
    }
  });

  test('Agents are refused with 403 on every sandbox operation', async () => {
    for (const [method, url] of [
      ['GET', BASE],
      ['GET', `${BASE}/journal`],
      ['GET', `${BASE}/faults`],
      ['POST', `${BASE}/faults`],
      ['DELETE', `${BASE}/faults/fault-1`],
    ] as const) {
      const res = await call(
        server,
        method,
        url,
        auth(agent),
        method === 'POST' ? { respond: { status: 500 } } : undefined,
      );
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.equal((res.json() as { error: { code: string } }).error.code, 'Forbidden');
    }
  });
});

describe('/api/v1 sandbox operations with the sandbox off', { timeout: 60_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  test('GET …/sandbox says off; the journal and fault rules answer as an unknown path', async () => {
    const admin = auth(server.demo);
    const status = await call(server, 'GET', BASE, admin);
    assert.deepEqual(status.json(), { enabled: false });
    const unknown = await call(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/no-such-thing`, admin);
    for (const [method, url] of [
      ['GET', `${BASE}/journal`],
      ['GET', `${BASE}/faults`],
      ['POST', `${BASE}/faults`],
      ['DELETE', `${BASE}/faults/fault-1`],
    ] as const) {
      const res = await call(server, method, url, admin, method === 'POST' ? { respond: { status: 500 } } : undefined);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      assert.deepEqual(res.json(), unknown.json());
    }
  });
});
