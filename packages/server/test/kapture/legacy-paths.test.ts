import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { issueTokens, SEED_TICKET_ID, type Tokens, todayIst } from './kapture-test-server.js';

type Json = Record<string, unknown>;

// The vendor's legacy pages show every ticket path without `/v.2.0`; the customer APIs are documented
// without it, and served with it too. Each form answers exactly as the other.

describe('Kapture paths: the legacy form (no /v.2.0) and the versioned one serve the same operation', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const post = (url: string, token: string | undefined, body: unknown) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: { ...(token && { authorization: `Basic ${token}` }), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  test('K3 at /search-ticket-by-ticket-id.html reads the seed ticket as v.2.0 does', async () => {
    const body = { ticket_ids: SEED_TICKET_ID };
    const legacy = await post('/search-ticket-by-ticket-id.html', tokens.get, body);
    const current = await post('/search-ticket-by-ticket-id.html/v.2.0', tokens.get, body);
    assert.equal(legacy.statusCode, 200, legacy.body);
    assert.equal(legacy.body, current.body);
  });

  test('K1, K2 and K4 at their legacy paths create, update and pull', async () => {
    const created = await post('/add-ticket-from-other-source.html', tokens.add, [{ title: 'legacy create' }]);
    assert.equal(created.statusCode, 200, created.body);
    const ticketId = (created.json() as { ticket_id: string }).ticket_id;
    const updated = await post('/update-ticket-from-other-source.html', tokens.update, [
      { ticket_id: ticketId, comment: 'legacy comment' },
    ]);
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal((updated.json() as Json).status, 'success');
    const pulled = await post('/select-ticket-between-start-and-end-dates.html', tokens.pull, [
      { start_date: todayIst(), end_date: todayIst(), limit: 500 },
    ]);
    assert.equal(pulled.statusCode, 200, pulled.body);
    const items = (pulled.json() as { message: Array<{ ticketId: string }> }).message;
    assert.ok(items.some((i) => i.ticketId === ticketId));
  });

  test('K5 and K6 at their /v.2.0 form', async () => {
    const added = await post('/add-update-customer-from-other-source.html/v.2.0', tokens.addCustomer, [
      { name: 'Versioned', email: 'versioned@example.com' },
    ]);
    assert.equal(added.statusCode, 200, added.body);
    const got = await post('/search-customer-by-customer-id.html/v.2.0', tokens.getCustomer, [
      { email_id: 'versioned@example.com' },
    ]);
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(
      (got.json() as { 'Customer Details': Json })['Customer Details'].id,
      Number((added.json() as Json)['Kapture Customer Id']),
    );
  });

  test('legacy paths check the token per API and fail in the Kapture envelope', async () => {
    const res = await post('/search-ticket-by-ticket-id.html', tokens.add, { ticket_ids: SEED_TICKET_ID });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { message: 'Invalid Auth Key', status: 'failed' });
    const get = await server.app.inject({ method: 'GET', url: '/add-ticket-from-other-source.html' });
    assert.equal(get.statusCode, 404);
    assert.deepEqual(Object.keys(get.json() as Json), ['message', 'status']);
  });

  test('an unknown Kapture path (another version, another page) answers 404 in the Kapture envelope', async () => {
    for (const url of ['/add-ticket-from-other-source.html/v.3.0', '/no-such-api.html', '/no-such-api.html/v.2.0']) {
      const res = await post(url, tokens.add, [{ title: 'x' }]);
      assert.equal(res.statusCode, 404, url);
      const body = res.json() as Json;
      assert.deepEqual(Object.keys(body), ['message', 'status'], url);
      assert.equal(body.status, 'failed');
    }
  });
});
