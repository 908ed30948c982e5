import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiToken, revokeApiToken, updateTenant } from '@deskwire/server';
import { addTenant, DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';
import { createKapTicket, issueTokens, KAP_PATH, kap, SEED_TICKET_ID, type Tokens } from './kapture-test-server.js';

const INVALID = { message: 'Invalid Auth Key', status: 'failed' };
const SEED_REQUEST = { ticket_ids: SEED_TICKET_ID, conversation_type: '', history_type: '' };

describe('Kapture tokens: Authorization: Basic <token>, one per tenant and API', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer();
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  test('a valid token is accepted; the token is sent as issued, with the Basic scheme in any case', async () => {
    assert.equal((await kap(server, 'get', tokens.get, SEED_REQUEST)).statusCode, 200);
    const lower = await kap(server, 'get', undefined, SEED_REQUEST, { authorization: `basic   ${tokens.get}` });
    assert.equal(lower.statusCode, 200);
  });

  const refused: Array<[string, () => Record<string, string>]> = [
    ['no Authorization header', () => ({})],
    ['an empty Authorization header', () => ({ authorization: '' })],
    ['the Basic scheme without a token', () => ({ authorization: 'Basic' })],
    ['another scheme', () => ({ authorization: `Bearer ${tokens.get}` })],
    [
      'a wrong secret',
      () => ({ authorization: `Basic ${tokens.get.slice(0, -1)}${tokens.get.endsWith('0') ? '1' : '0'}` }),
    ],
    ['an unknown token id', () => ({ authorization: `Basic dwt_0000000000000000_${'a'.repeat(64)}` })],
    ['a token that is not Deskwire-shaped', () => ({ authorization: 'Basic 4d8a5f0e-token' })],
    [
      'the token base64-encoded again',
      () => ({ authorization: `Basic ${Buffer.from(tokens.get).toString('base64')}` }),
    ],
    ["another API's token (add on get)", () => ({ authorization: `Basic ${tokens.add}` })],
    [
      'a wrong Authorization, even with the right x-api-key',
      () => ({ authorization: 'Basic nope', 'x-api-key': tokens.get }),
    ],
  ];
  for (const [name, headers] of refused) {
    test(`${name} → 401 Invalid Auth Key`, async () => {
      const res = await kap(server, 'get', undefined, SEED_REQUEST, headers());
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), INVALID);
    });
  }

  test('every endpoint refuses a missing token the same way, before looking at the body', async () => {
    for (const api of ['get', 'add', 'update', 'pull'] as const) {
      const res = await server.app.inject({
        method: 'POST',
        url: KAP_PATH[api],
        payload: 'not json',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 401, api);
      assert.deepEqual(res.json(), INVALID, api);
    }
  });

  test('each API takes only its own token', async () => {
    const id = await createKapTicket(server, tokens, { title: 'scoped' });
    for (const [api, payload] of [
      ['add', [{ title: 'x' }]],
      ['update', [{ ticket_id: id, comment: 'x' }]],
      ['pull', [{ start_date: '2024-08-28', end_date: '2024-08-28' }]],
      ['get', SEED_REQUEST],
    ] as const) {
      assert.equal((await kap(server, api, tokens[api], payload)).statusCode, 200, `${api} with its own token`);
      for (const other of ['get', 'add', 'update', 'pull'] as const) {
        if (other === api) continue;
        const res = await kap(server, api, tokens[other], payload);
        assert.equal(res.statusCode, 401, `${api} with the ${other} token`);
      }
    }
  });

  test('x-api-key alone is read as the token; x-api-type is accepted and ignored (nammayatri sends both)', async () => {
    const res = await kap(server, 'get', undefined, SEED_REQUEST, { 'x-api-key': tokens.get, 'x-api-type': 'TICKET' });
    assert.equal(res.statusCode, 200);
    const both = await kap(server, 'get', tokens.get, SEED_REQUEST, {
      'x-api-key': tokens.get,
      'x-api-type': 'TICKET',
    });
    assert.equal(both.statusCode, 200);
  });

  test('a revoked token is refused from then on', async () => {
    const issued = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, server.deskwire);
    assert.equal((await kap(server, 'get', issued.token, SEED_REQUEST)).statusCode, 200);
    await revokeApiToken({ orgId: DEMO_ORG, tokenId: issued.record.id }, server.deskwire);
    const res = await kap(server, 'get', issued.token, SEED_REQUEST);
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID);
  });

  test('an expired token is refused', async () => {
    const expiresAt = new Date(server.deskwire.now().getTime() + 60 * 60 * 1000);
    const issued = await createApiToken({ orgId: DEMO_ORG, api: 'get', expiresAt }, server.deskwire);
    assert.equal((await kap(server, 'get', issued.token, SEED_REQUEST)).statusCode, 200);
    server.advanceClock(2 * 60 * 60 * 1000);
    const res = await kap(server, 'get', issued.token, SEED_REQUEST);
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID);
    assert.equal(
      (await kap(server, 'get', tokens.get, SEED_REQUEST)).statusCode,
      200,
      'tokens without expiry still work',
    );
  });

  test('an expiry in the past is refused when issuing', async () => {
    await assert.rejects(
      createApiToken({ orgId: DEMO_ORG, api: 'get', expiresAt: new Date(Date.now() - 1000) }, server.deskwire),
      /not in the future/,
    );
  });

  test("a tenant whose API switch is off: Invalid Auth Key (Kapture's 'expired/disabled')", async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: false } }, server.deskwire);
    try {
      const res = await kap(server, 'get', tokens.get, SEED_REQUEST);
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), INVALID);
    } finally {
      await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: true } }, server.deskwire);
    }
  });

  test("the tenant's IP allowlist applies to tokens too", async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { ipAllowlist: ['10.0.0.0/8'] } }, server.deskwire);
    try {
      const res = await kap(server, 'get', tokens.get, SEED_REQUEST);
      assert.equal(res.statusCode, 403);
      assert.deepEqual(res.json(), {
        message: 'Requests from IP address 127.0.0.1 are not allowed for this account',
        status: 'failed',
      });
    } finally {
      await updateTenant({ orgId: DEMO_ORG, patch: { ipAllowlist: null } }, server.deskwire);
    }
  });

  test("the token names the tenant: another tenant's token never sees this tenant's tickets", async () => {
    await addTenant(server, 1001);
    const other = await issueTokens(server, 1001);
    assert.deepEqual((await kap(server, 'get', other.get, SEED_REQUEST)).json(), []);
    const own = await createKapTicket(server, other, { title: 'Acme ticket' });
    assert.equal(own, '100000000001', 'the default id base: ticket #1 is 100000000001');
    const update = await kap(server, 'update', other.update, [{ ticket_id: SEED_TICKET_ID, comment: 'x' }]);
    assert.equal(update.statusCode, 404);
    const mine = (await kap(server, 'get', tokens.get, { ticket_ids: own })).json() as unknown[];
    assert.ok(mine.every((r) => (r as { task_details: { title: string } }).task_details.title !== 'Acme ticket'));
  });

  test('tokens and their secrets never appear in the logs', async () => {
    await kap(server, 'get', tokens.get, SEED_REQUEST);
    await kap(server, 'get', undefined, SEED_REQUEST, { 'x-api-key': tokens.get });
    await kap(server, 'add', tokens.add, 'not json');
    const logs = server.logs();
    assert.match(logs, /search-ticket-by-ticket-id/, 'requests are logged');
    for (const token of Object.values(tokens)) {
      assert.ok(!logs.includes(token), 'no token');
      assert.ok(!logs.includes(token.slice(-64)), 'no secret');
    }
  });

  test('the database keeps only hashes of the secrets', async () => {
    const rows = await server.deskwire.storage.tokens.list(DEMO_ORG);
    assert.ok(rows.length >= 4);
    for (const token of Object.values(tokens)) {
      const id = token.slice(4, 20);
      const found = await server.deskwire.storage.tokens.find(id);
      assert.ok(found, 'found by its public id');
      assert.notEqual(found.secretHash, token.slice(-64));
      assert.match(found.secretHash, /^[0-9a-f]{64}$/);
    }
  });
});
