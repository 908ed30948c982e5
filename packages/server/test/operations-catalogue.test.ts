import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expandPath, KAP_OPERATIONS, LSQ_OPERATIONS, OPERATIONS, operationNamed, routerPath } from '@deskwire/wire';
import { auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';
import { issueTokens, kap, SEED_TICKET_ID } from './kapture/kapture-test-server.js';

const ADMIN_TOKEN = 'catalogue-admin-token';

/**
 * One table over the operations catalogue (@deskwire/wire): every operation it lists is served at its
 * method and path, in its dialect's error shape, under its name (what the journal, fault rules and
 * metrics read), and nothing the dialects serve is missing from it.
 */
describe('operations catalogue: every operation is served where the catalogue says', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ adminToken: ADMIN_TOKEN });
  });
  after(() => server.close());

  const pathOf = (path: string) =>
    expandPath(path, { orgId: DEMO_ORG, ticketRef: 143, schemaName: 'Status', typeId: 1 });

  for (const operation of OPERATIONS) {
    it(`${operation.name} (${operation.ref}): ${operation.method} ${operation.path} answers 401 in its dialect's shape without credentials`, async () => {
      const response = await server.app.inject({
        method: operation.method,
        url: pathOf(operation.path),
        headers: { 'content-type': 'application/json' },
        ...(operation.method !== 'GET' && { payload: '{}' }),
      });
      assert.equal(response.statusCode, 401, response.body);
      const body = response.json();
      if (operation.dialect === 'kapture') assert.deepEqual(body, { message: 'Invalid Auth Key', status: 'failed' });
      else assert.equal(body.Status, 'Error');
    });
  }

  it('every catalogue path and alternate is a route of the app', () => {
    for (const operation of OPERATIONS) {
      for (const path of [operation.path, ...(operation.alternates ?? []).map((a) => a.path)]) {
        assert.ok(
          server.app.hasRoute({ method: operation.method, url: routerPath(path) }),
          `${operation.name} ${path}`,
        );
      }
    }
    assert.equal(new Set(OPERATIONS.map((o) => o.name)).size, OPERATIONS.length, 'names are unique');
  });

  it('the request journal records calls under the catalogue names', async () => {
    const tokens = await issueTokens(server);
    await server.app.inject({ method: 'GET', url: pathOf(LSQ_OPERATIONS.getTicket.path), headers: auth(server.demo) });
    await kap(server, 'get', tokens.get, { ticket_ids: SEED_TICKET_ID });
    const journal = await server.app.inject({
      method: 'GET',
      url: `/_deskwire/tenants/${DEMO_ORG}/requests`,
      headers: { 'x-deskwire-admin-token': ADMIN_TOKEN },
    });
    assert.equal(journal.statusCode, 200, journal.body);
    const names = new Set(
      (journal.json() as { requests: { operation: string | null }[] }).requests.map((r) => r.operation),
    );
    assert.ok(names.has(LSQ_OPERATIONS.getTicket.name), [...names].join(','));
    assert.ok(names.has(KAP_OPERATIONS.getTickets.name), [...names].join(','));
    for (const name of names) if (name !== null) assert.ok(operationNamed(name), name);
  });

  it('an unknown path owned by the Kapture dialect answers in the Kapture envelope', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/no-such-api.html/v.2.0', payload: {} });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().status, 'failed');
  });

  it('an unknown LeadSquared path answers in the LeadSquared envelope', async () => {
    const response = await server.app.inject({ method: 'GET', url: `/api/tenants/${DEMO_ORG}/no-such-api` });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().ExceptionType, 'NotFound');
  });
});
