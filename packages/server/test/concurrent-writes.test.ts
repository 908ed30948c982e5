import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, TEST_BACKEND, type TestServer } from './helpers/test-server.js';

/**
 * Writes race on unique keys: each core write checks for an existing row, then inserts. SQLite
 * serialises writers (BEGIN IMMEDIATE), so the loser sees the row; PostgreSQL (READ COMMITTED) lets
 * both pass the check and the loser hits the unique index. Either way: one winner, and the others
 * get a precise 409 or a retryable 503 — never a 500, never a half-written tenant.
 */
describe(`concurrent writes on one unique key (${TEST_BACKEND})`, () => {
  const ADMIN_TOKEN = 'concurrent-writes-admin-token';
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ adminToken: ADMIN_TOKEN });
  });
  after(() => server.close());

  test('20 simultaneous creates of one tenant: exactly one 201, the rest 409 TenantExists or 503 with Retry-After', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.app.inject({
          method: 'POST',
          url: '/_deskwire/tenants',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          payload: { orgId: 4242, name: 'Raced' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    for (const response of responses) {
      if (response.statusCode === 201) continue;
      if (response.statusCode === 503) {
        assert.equal(response.headers['retry-after'], '1');
        assert.match(response.body, /retry/i);
      } else {
        assert.equal(response.statusCode, 409, response.body);
        assert.match(response.body, /TenantExists/);
      }
    }
    // The winner's tenant is whole: its default schema and admin key were written with it.
    const listed = await server.app.inject({
      method: 'GET',
      url: '/_deskwire/tenants/4242',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(listed.statusCode, 200, listed.body);
  });
});
