import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { addAgentKey, auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

const seed = JSON.parse(await readFile(new URL('./fixtures/lsq-get-ticket-143.json', import.meta.url), 'utf8'));

describe('L4 GET /api/tenants/{orgId}/tickets/{id}', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  const get = (url: string, keys = server.demo) => server.app.inject({ method: 'GET', url, headers: auth(keys) });

  test('answers the documented example exactly, field by field (names, order, types, nulls)', async () => {
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets/143`);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body), Object.keys(seed), 'top-level keys in the documented order');
    assert.deepEqual(body.Fields, seed.Fields);
    assert.deepEqual(Object.keys(body.UserPermissions), Object.keys(seed.UserPermissions));
    assert.deepEqual(body, seed);
    assert.equal(typeof body.Id, 'string');
    assert.equal(body.TypeId, 'null', 'TypeId is the string "null", as the vendor sends it');
  });

  for (const [label, ref] of [
    ['the key #143, URL-encoded', '%23143'],
    ['the zero-padded key', '%230143'],
    ['the GUID TicketId', '03913666-6ab8-4355-9a50-a63fe3204d0a'],
    ['the upper-case GUID', '03913666-6AB8-4355-9A50-A63FE3204D0A'],
  ] as const) {
    test(`finds the ticket by ${label}`, async () => {
      const res = await get(`/api/tenants/${DEMO_ORG}/tickets/${ref}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().Id, '143');
    });
  }

  test('GET /tickets?TicketId=143 works too (the documented URL has no id segment)', async () => {
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets?TicketId=143`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), seed);
  });

  test('GET /tickets without an id is a 400 naming the parameter', async () => {
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().ExceptionType, 'ValidationError');
    assert.match(res.json().ExceptionMessage, /TicketId/);
  });

  test('an unknown ticket is a 404 in the error envelope', async () => {
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets/999999`);
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), {
      Status: 'Error',
      ExceptionType: 'TicketNotFound',
      ExceptionMessage: "Ticket '999999' does not exist",
    });
  });

  test('a reference that is no number, key or GUID is a 400', async () => {
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets/abc`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().ExceptionType, 'ValidationError');
  });

  test("UserPermissions reflect an Agent's role: admin-only actions are not allowed", async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const res = await get(`/api/tenants/${DEMO_ORG}/tickets/143`, agent);
    assert.equal(res.statusCode, 200);
    const perms = res.json().UserPermissions;
    assert.deepEqual(perms.DeleteTicket, { Allowed: false, ScopeFilters: [] });
    assert.deepEqual(perms.PurgeTicket, { Allowed: false, ScopeFilters: [] });
    assert.deepEqual(perms.ViewTicket, { Allowed: true, ScopeFilters: ['ALL_TICKETS'] });
    assert.deepEqual(perms.AddInternalNote, { Allowed: true, ScopeFilters: ['ALL_TICKETS'] });
    assert.deepEqual(Object.keys(perms), Object.keys(seed.UserPermissions));
  });
});
