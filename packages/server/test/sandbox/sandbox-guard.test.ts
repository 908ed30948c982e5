import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '@deskwire/server';
import { auth, DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, startSandboxServer, TOKEN } from './sandbox-server.js';

const SANDBOX_CALLS = [
  ['GET', '/_deskwire/tenants'],
  ['POST', '/_deskwire/tenants'],
  ['POST', '/_deskwire/reset'],
  ['POST', `/_deskwire/tenants/${DEMO_ORG}/reset`],
  ['GET', `/_deskwire/tenants/${DEMO_ORG}/requests`],
  ['POST', '/_deskwire/faults'],
  ['GET', '/_deskwire/faults'],
] as const;

describe('sandbox guard: no admin token configured', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  test('every /_deskwire route answers 404 as if it did not exist, whatever token is sent', async () => {
    const unknown = await server.app.inject({ method: 'GET', url: '/no-such-path' });
    for (const [method, url] of SANDBOX_CALLS) {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }, { 'x-deskwire-admin-token': TOKEN }]) {
        const res = await server.app.inject({ method, url, headers, payload: {} });
        assert.equal(res.statusCode, 404, `${method} ${url}`);
        assert.deepEqual(res.json(), unknown.json(), 'the same body as any unknown path');
      }
    }
  });

  test('vendor routes work as before', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/143`,
      headers: auth(server.demo),
    });
    assert.equal(res.statusCode, 200);
  });
});

describe('sandbox guard: admin token configured', () => {
  let server: SandboxServer;
  before(async () => {
    server = await startSandboxServer({ logLevel: 'info' });
  });
  after(() => server.close());

  test('a missing or wrong token is 401 Unauthorized on every route; nothing changes', async () => {
    const wrong = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: TOKEN },
      { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
      { 'x-deskwire-admin-token': 'nope' },
      { 'x-deskwire-admin-token': '' },
    ];
    for (const [method, url] of SANDBOX_CALLS) {
      for (const headers of wrong) {
        const res = await server.app.inject({ method, url, headers, payload: { orgId: 5, name: 'X' } });
        assert.equal(res.statusCode, 401, `${method} ${url} ${JSON.stringify(headers)}`);
        assert.equal(res.json().ExceptionType, 'Unauthorized');
        assert.doesNotMatch(res.body, new RegExp(TOKEN));
      }
    }
    const tenants = (await server.admin('GET', '/tenants')).json().tenants;
    assert.deepEqual(
      tenants.map((t: { orgId: number }) => t.orgId),
      [DEMO_ORG],
      'the refused create made nothing',
    );
  });

  test('the token is accepted as a Bearer token and as X-Deskwire-Admin-Token', async () => {
    for (const headers of [
      { authorization: `Bearer ${TOKEN}` },
      { authorization: `bearer  ${TOKEN}` },
      { 'x-deskwire-admin-token': TOKEN },
    ]) {
      const res = await server.app.inject({ method: 'GET', url: '/_deskwire/tenants', headers });
      assert.equal(res.statusCode, 200, JSON.stringify(headers));
    }
  });

  test('tenant keys, even an Admin user’s, never open the sandbox', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/_deskwire/tenants', headers: auth(server.demo) });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().ExceptionType, 'Unauthorized');
  });

  test('the admin token never opens a vendor route', async () => {
    for (const headers of [
      { authorization: `Bearer ${TOKEN}` },
      { 'x-deskwire-admin-token': TOKEN },
      { 'x-lsq-access-key': TOKEN, 'x-lsq-secret-key': TOKEN },
    ]) {
      const res = await server.app.inject({ method: 'GET', url: `/api/tenants/${DEMO_ORG}/tickets/143`, headers });
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
    }
  });

  test('roles hold: a sandbox-made Agent key gets 403 on Admin-only operations, an Admin key does not', async () => {
    const org = 7101;
    const adminKeys = await sandboxTenant(server, org);
    const created = await server.admin('POST', `/tenants/${org}/users`, { role: 'Agent', name: 'Test agent' });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().user.role, 'Agent');
    const agent = { accessKey: created.json().accessKey, secretKey: created.json().secretKey };

    const asAgent = await server.lsq(agent, org, 'GET', '/lookups/Status/values');
    assert.equal(asAgent.statusCode, 403, asAgent.body);
    assert.equal(asAgent.json().ExceptionType, 'Forbidden');
    const trash = await server.lsq(agent, org, 'PUT', '/tickets/trash', { TicketIds: ['1'] });
    assert.equal(trash.statusCode, 403);

    const asAdmin = await server.lsq(adminKeys, org, 'GET', '/lookups/Status/values');
    assert.equal(asAdmin.statusCode, 200, asAdmin.body);

    const promoted = await server.admin('POST', `/tenants/${org}/users`, { role: 'Admin', name: 'Second admin' });
    const second = { accessKey: promoted.json().accessKey, secretKey: promoted.json().secretKey };
    assert.equal((await server.lsq(second, org, 'GET', '/lookups/Status/values')).statusCode, 200);
  });

  test('the token never reaches the logs', async () => {
    await server.app.inject({
      method: 'GET',
      url: '/_deskwire/tenants',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-deskwire-admin-token': TOKEN },
    });
    await server.app.inject({ method: 'GET', url: '/_deskwire/tenants', headers: { authorization: 'Bearer wrong' } });
    assert.match(server.logs(), /_deskwire\/tenants/, 'requests are logged');
    assert.doesNotMatch(server.logs(), new RegExp(TOKEN));
  });
});

test('an admin token with spaces or control characters is refused at start-up', async () => {
  const server = await startTestServer({ logLevel: false });
  try {
    for (const adminToken of ['', 'has space', 'tab\there', 'line\nbreak']) {
      await assert.rejects(buildApp(server.deskwire, { logLevel: false, adminToken }), /admin ?token/i, adminToken);
    }
  } finally {
    await server.close();
  }
});
