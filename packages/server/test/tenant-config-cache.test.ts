import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addCustomField,
  createApiKey,
  createApiToken,
  createTenant,
  deleteTenant,
  revokeApiKey,
  revokeApiToken,
  setLookupValues,
  TenantConfigCache,
  updateTenant,
} from '@deskwire/server';
import { auth, DEMO_LEAD, DEMO_ORG, documentedCreateBody, type Keys } from './helpers/test-server.js';
import { type Instance, openTwoInstances, type TwoInstances } from './helpers/two-instances.js';

// Issue 14: tenant configuration, field definitions and API keys are kept in memory, checked against a
// per-tenant generation counter that database triggers move (migration 0007). Two instances on one store
// (two `openDeskwire`s: two connections or pools, two caches), as two servers or a server and an admin
// command are: whatever one of them changes, the other's very next request sees.

let world: TwoInstances;
let server: Instance;
/** The other instance (another server, an admin command): changes go through it. */
let other: Instance;
let demo: Keys;

const getTicket = (keys: Keys, org = DEMO_ORG, ip = '127.0.0.1') =>
  server.app.inject({ method: 'GET', url: `/api/tenants/${org}/tickets/143`, headers: auth(keys), remoteAddress: ip });

const errorCode = (body: string): unknown => (JSON.parse(body) as { ExceptionType?: unknown }).ExceptionType;

before(async () => {
  world = await openTwoInstances('deskwire-cache-');
  ({ server, other, demo } = world);
});

after(() => world.close());

describe('a change committed elsewhere is seen by the next request (no wait)', () => {
  test('the API switch', async () => {
    assert.equal((await getTicket(demo)).statusCode, 200);
    await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: false } }, other.deskwire);
    const refused = await getTicket(demo);
    assert.equal(refused.statusCode, 403);
    assert.equal(errorCode(refused.body), 'ApiDisabled');
    await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: true } }, other.deskwire);
    assert.equal((await getTicket(demo)).statusCode, 200);
  });

  test('the IP allowlist', async () => {
    assert.equal((await getTicket(demo, DEMO_ORG, '10.1.2.3')).statusCode, 200);
    await updateTenant({ orgId: DEMO_ORG, patch: { ipAllowlist: ['192.168.0.0/16'] } }, other.deskwire);
    const refused = await getTicket(demo, DEMO_ORG, '10.1.2.3');
    assert.equal(refused.statusCode, 403);
    assert.equal(errorCode(refused.body), 'IpNotAllowed');
    await updateTenant({ orgId: DEMO_ORG, patch: { ipAllowlist: null } }, other.deskwire);
    assert.equal((await getTicket(demo, DEMO_ORG, '10.1.2.3')).statusCode, 200);
  });

  test('the rate limit', async () => {
    const key = await createApiKey({ orgId: DEMO_ORG, role: 'Admin', name: 'rate limited' }, other.deskwire);
    const keys = { accessKey: key.accessKey, secretKey: key.secretKey };
    assert.equal((await getTicket(keys)).statusCode, 200);
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1, windowMs: 60_000 } } }, other.deskwire);
    // A new window size starts a new window: one call passes, the next is over the new limit.
    const statuses = [(await getTicket(keys)).statusCode, (await getTicket(keys)).statusCode];
    assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1_000_000, windowMs: 1000 } } }, other.deskwire);
  });

  test('a new custom field is listed by L4 at once', async () => {
    const before = JSON.parse((await getTicket(demo)).body) as { Fields: Array<{ SchemaName: string }> };
    assert.ok(!before.Fields.some((f) => f.SchemaName === 'CustomData.CACHE_PROBE'));
    await addCustomField({ orgId: DEMO_ORG, name: 'CACHE_PROBE', dataType: 'Text' }, other.deskwire);
    const after = JSON.parse((await getTicket(demo)).body) as { Fields: Array<{ SchemaName: string }> };
    assert.ok(after.Fields.some((f) => f.SchemaName === 'CustomData.CACHE_PROBE'));
  });

  test('a revoked key is refused, a new key accepted', async () => {
    const key = await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'to revoke' }, other.deskwire);
    const keys = { accessKey: key.accessKey, secretKey: key.secretKey };
    assert.equal((await getTicket(keys)).statusCode, 200, 'a key created elsewhere works at once');
    assert.equal((await getTicket(keys)).statusCode, 200, 'and from the cache');
    await revokeApiKey({ orgId: DEMO_ORG, accessKey: key.accessKey }, other.deskwire);
    const refused = await getTicket(keys);
    assert.equal(refused.statusCode, 401);
    assert.equal(errorCode(refused.body), 'Unauthorized');
  });

  test('a revoked Kapture token is refused, and the Kapture API switch applies to tokens', async () => {
    const { token, record } = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, other.deskwire);
    const search = () =>
      server.app.inject({
        method: 'POST',
        url: '/search-ticket-by-ticket-id.html/v.2.0',
        headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
        payload: { ticket_ids: '1' },
      });
    assert.equal((await search()).statusCode, 200, 'a token created elsewhere works at once');
    assert.equal((await search()).statusCode, 200, 'and from the cache');
    await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: false } }, other.deskwire);
    assert.equal((await search()).statusCode, 401);
    await updateTenant({ orgId: DEMO_ORG, patch: { apiEnabled: true } }, other.deskwire);
    assert.equal((await search()).statusCode, 200);
    await revokeApiToken({ orgId: DEMO_ORG, tokenId: record.id }, other.deskwire);
    assert.equal((await search()).statusCode, 401);
  });

  test('a deleted tenant is refused', async () => {
    const orgId = 7401;
    const created = await createTenant({ orgId, name: 'Short-lived' }, other.deskwire);
    const keys = { accessKey: created.accessKey, secretKey: created.secretKey };
    const list = () =>
      server.app.inject({ method: 'GET', url: `/api/tenants/${orgId}/tickets/1`, headers: auth(keys) });
    assert.equal((await list()).statusCode, 404, 'authenticated: the ticket does not exist');
    await deleteTenant({ orgId }, other.deskwire);
    assert.equal((await list()).statusCode, 401);
  });
});

describe('the generation counter', () => {
  const generation = (orgId = DEMO_ORG) => server.deskwire.storage.configGenerations.get(orgId);

  test('moves on every change to cached configuration', async () => {
    const changes: Array<[string, () => Promise<unknown>]> = [
      ['tenant settings', () => updateTenant({ orgId: DEMO_ORG, patch: { name: 'Renamed' } }, other.deskwire)],
      ['a new key', () => createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'gen' }, other.deskwire)],
      [
        'a custom field',
        () => addCustomField({ orgId: DEMO_ORG, name: 'GEN_PROBE', dataType: 'Text' }, other.deskwire),
      ],
      [
        'lookup values',
        () =>
          setLookupValues(
            { orgId: DEMO_ORG, schemaName: 'Priority', values: ['Low', 'Medium', 'High'] },
            other.deskwire,
          ),
      ],
    ];
    for (const [what, change] of changes) {
      const before = await generation();
      await change();
      assert.ok((await generation()) > before, `${what} moves the generation`);
    }
  });

  test('stays put on ticket writes (creates move only the ticket counter)', async () => {
    const before = await generation();
    const input = documentedCreateBody(DEMO_LEAD);
    assert.ok(input.LeadId);
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(demo),
      payload: input,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(await generation(), before);
  });
});

describe('per tenant and bounded', () => {
  test("a tenant's cached key never answers for another tenant", async () => {
    const a = await createTenant({ orgId: 7402, name: 'A' }, other.deskwire);
    const b = await createTenant({ orgId: 7403, name: 'B' }, other.deskwire);
    const aKeys = { accessKey: a.accessKey, secretKey: a.secretKey };
    const bKeys = { accessKey: b.accessKey, secretKey: b.secretKey };
    const ticketOf = (keys: Keys, org: number) =>
      server.app.inject({ method: 'GET', url: `/api/tenants/${org}/tickets/1`, headers: auth(keys) });
    // Both tenants and A's key are in the cache now.
    assert.equal((await ticketOf(aKeys, 7402)).statusCode, 404);
    assert.equal((await ticketOf(bKeys, 7403)).statusCode, 404);
    const crossed = await ticketOf(aKeys, 7403);
    assert.equal(crossed.statusCode, 401);
    assert.equal(errorCode(crossed.body), 'Unauthorized');
    // A field of A is not a field of B.
    await addCustomField({ orgId: 7402, name: 'ONLY_A', dataType: 'Text' }, other.deskwire);
    const names = async (orgId: number) =>
      (await server.deskwire.tenantConfig.snapshot(orgId))?.fields.map((f) => f.schemaName) ?? [];
    assert.ok((await names(7402)).includes('CustomData.ONLY_A'));
    assert.ok(!(await names(7403)).includes('CustomData.ONLY_A'));
  });

  test('at most `tenants` tenants and `keysPerTenant` keys per tenant; evicted ones are read again', async () => {
    const cache = new TenantConfigCache(other.deskwire.storage, { tenants: 2, keysPerTenant: 2 });
    const orgs = [7410, 7411, 7412, 7413];
    const keys: Keys[] = [];
    for (const orgId of orgs) {
      const created = await createTenant({ orgId, name: `Bounded ${orgId}` }, other.deskwire);
      keys.push({ accessKey: created.accessKey, secretKey: created.secretKey });
    }
    for (const orgId of orgs) assert.ok(await cache.snapshot(orgId));
    assert.equal(cache.size.tenants, 2);
    const extra = [];
    for (let i = 0; i < 4; i++)
      extra.push(await createApiKey({ orgId: 7413, role: 'Agent', name: `k${i}` }, other.deskwire));
    const snapshot = await cache.snapshot(7413);
    assert.ok(snapshot);
    for (const key of extra) assert.equal((await cache.findKey(snapshot, key.accessKey))?.accessKey, key.accessKey);
    assert.ok(cache.size.keys <= 2 * 2, `keys held: ${cache.size.keys}`);
    // The first tenant was evicted: asking again reads it from the store.
    const first = await cache.snapshot(7410);
    assert.equal(first?.tenant.orgId, 7410);
    assert.equal(cache.size.tenants, 2);
    assert.equal(await cache.snapshot(999_999), undefined, 'an unknown tenant');
    assert.equal(cache.size.tenants, 2, 'unknown tenants are not remembered');
  });
});
