import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiKey, revokeApiKey, updateTenant } from '@deskwire/server';
import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import {
  addAgentKey,
  addTenant,
  auth,
  DEMO_ORG,
  documentedCreateBody,
  type Keys,
  sqliteOnly,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const INVALID_CREDENTIALS = {
  Status: 'Error',
  ExceptionType: 'Unauthorized',
  ExceptionMessage: 'Invalid AccessKey or SecretKey',
};

/** Everything a caller can observe of a response, except the Date header. */
function observable(res: LightMyRequestResponse) {
  const { date: _date, ...headers } = res.headers;
  return { statusCode: res.statusCode, headers, body: res.body };
}

describe('authentication: X-LSQ-ACCESS-KEY / X-LSQ-SECRET-KEY', () => {
  let server: TestServer;
  let tenantB: Keys;
  const ORG_B = 31001;

  before(async () => {
    server = await startTestServer({ logLevel: false });
    tenantB = await addTenant(server, ORG_B);
  });
  after(() => server.close());

  const get = (url: string, headers: Record<string, string>, remoteAddress?: string) =>
    server.app.inject({ method: 'GET', url, headers, ...(remoteAddress && { remoteAddress }) });
  const demoTicket = `/api/tenants/${DEMO_ORG}/tickets/143`;

  test('the demo keys are accepted (baseline)', async () => {
    const res = await get(demoTicket, auth(server.demo));
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().Id, '143');
  });

  for (const [label, headers] of [
    ['no key headers at all', () => ({})],
    ['only the access key', () => ({ 'x-lsq-access-key': server.demo.accessKey })],
    ['only the secret key', () => ({ 'x-lsq-secret-key': server.demo.secretKey })],
    ['empty header values', () => ({ 'x-lsq-access-key': '', 'x-lsq-secret-key': '' })],
  ] as const) {
    test(`${label} → 401 Unauthorized naming the headers`, async () => {
      const res = await get(demoTicket, headers());
      assert.equal(res.statusCode, 401);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const body = res.json();
      assert.equal(body.Status, 'Error');
      assert.equal(body.ExceptionType, 'Unauthorized');
      assert.match(body.ExceptionMessage, /X-LSQ-ACCESS-KEY/);
      assert.match(body.ExceptionMessage, /X-LSQ-SECRET-KEY/);
    });
  }

  test('a wrong secret key → 401 with the generic message', async () => {
    const res = await get(demoTicket, auth({ accessKey: server.demo.accessKey, secretKey: 'f'.repeat(64) }));
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID_CREDENTIALS);
  });

  test("the secret of another key (tenant B's) with the demo access key → 401", async () => {
    const res = await get(demoTicket, auth({ accessKey: server.demo.accessKey, secretKey: tenantB.secretKey }));
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID_CREDENTIALS);
  });

  test('an unknown access key → 401 with the generic message', async () => {
    const res = await get(demoTicket, auth({ accessKey: 'u$rdoesnotexist', secretKey: server.demo.secretKey }));
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID_CREDENTIALS);
  });

  test("tenant B's valid key on tenant A's URL is indistinguishable from an unknown key or a non-existent org", async () => {
    const crossTenant = await get(demoTicket, auth(tenantB));
    const unknownKey = await get(demoTicket, auth({ accessKey: 'u$rdoesnotexist', secretKey: 'x'.repeat(64) }));
    const noSuchOrg = await get('/api/tenants/99999/tickets/143', auth(server.demo));
    const noSuchOrgB = await get('/api/tenants/99999/tickets/143', auth(tenantB));
    const notAnOrgId = await get('/api/tenants/abc/tickets/143', auth(server.demo));
    const zeroOrgId = await get('/api/tenants/0/tickets/143', auth(server.demo));

    assert.equal(crossTenant.statusCode, 401);
    assert.deepEqual(crossTenant.json(), INVALID_CREDENTIALS);
    const reference = observable(crossTenant);
    for (const [label, res] of [
      ['unknown access key', unknownKey],
      ['non-existent org id (demo key)', noSuchOrg],
      ["non-existent org id (tenant B's key)", noSuchOrgB],
      ['non-numeric org id', notAnOrgId],
      ['org id 0', zeroOrgId],
    ] as const) {
      assert.deepEqual(observable(res), reference, `${label}: same status, headers and bytes`);
      assert.equal(res.rawPayload.compare(crossTenant.rawPayload), 0, `${label}: byte-identical body`);
    }
  });

  test("tenant B's key on tenant A's conversation endpoint → 401 too (every route is guarded)", async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(tenantB),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
    });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID_CREDENTIALS);
  });

  test('a revoked key → 401 (and only that key is refused)', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    assert.equal((await get(demoTicket, auth(agent))).statusCode, 200);
    await revokeApiKey({ orgId: DEMO_ORG, accessKey: agent.accessKey }, server.deskwire);
    const res = await get(demoTicket, auth(agent));
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), INVALID_CREDENTIALS);
    assert.equal((await get(demoTicket, auth(server.demo))).statusCode, 200, 'other keys still work');
  });

  test('a second key issued to the same user works alongside the first', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const second = await createApiKey({ orgId: DEMO_ORG, userId: agent.userId }, server.deskwire);
    assert.equal((await get(demoTicket, auth(agent))).statusCode, 200);
    assert.equal((await get(demoTicket, auth(second))).statusCode, 200);
  });

  describe('API switch', () => {
    const ORG = 31002;
    let keys: Keys;
    before(async () => {
      keys = await addTenant(server, ORG);
    });

    test('a tenant with the API disabled → 403 ApiDisabled with a clear message', async () => {
      await updateTenant({ orgId: ORG, patch: { apiEnabled: false } }, server.deskwire);
      const res = await get(`/api/tenants/${ORG}/tickets/1`, auth(keys));
      assert.equal(res.statusCode, 403);
      const body = res.json();
      assert.equal(body.Status, 'Error');
      assert.equal(body.ExceptionType, 'ApiDisabled');
      assert.match(body.ExceptionMessage, /API is not enabled/);
      assert.ok(
        body.ExceptionMessage.includes(`\`deskwire tenant update --org-id ${ORG} --api-enabled true\``),
        'names the Deskwire command that enables it, not a vendor settings screen',
      );
      assert.doesNotMatch(body.ExceptionMessage, /API Configurations/);
    });

    test('wrong credentials on a disabled tenant still get 401, not 403 (no tenant state leaks)', async () => {
      const res = await get(`/api/tenants/${ORG}/tickets/1`, auth({ ...keys, secretKey: 'nope' }));
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), INVALID_CREDENTIALS);
    });

    test('re-enabling the API lets calls through again', async () => {
      await updateTenant({ orgId: ORG, patch: { apiEnabled: true } }, server.deskwire);
      const res = await get(`/api/tenants/${ORG}/tickets/1`, auth(keys));
      assert.equal(res.statusCode, 404, 'past auth: the tenant simply has no ticket 1');
      assert.equal(res.json().ExceptionType, 'TicketNotFound');
    });
  });

  describe('IP allowlist', () => {
    const ORG = 31003;
    let keys: Keys;
    const url = `/api/tenants/${ORG}/tickets/1`;
    /** Past authentication, the tenant (which has no tickets) answers 404 TicketNotFound. */
    const passedAuth = (res: LightMyRequestResponse) =>
      res.statusCode === 404 && res.json().ExceptionType === 'TicketNotFound';

    before(async () => {
      keys = await addTenant(server, ORG);
      await updateTenant(
        {
          orgId: ORG,
          patch: { ipAllowlist: ['10.0.0.0/8', '192.168.1.5', '2001:db8::/32', '::ffff:172.16.0.0/108'] },
        },
        server.deskwire,
      );
    });

    test('a caller outside the allowlist → 403 IpNotAllowed', async () => {
      const res = await get(url, auth(keys), '203.0.113.7');
      assert.equal(res.statusCode, 403);
      const body = res.json();
      assert.equal(body.ExceptionType, 'IpNotAllowed');
      assert.match(body.ExceptionMessage, /203\.0\.113\.7/);
      assert.doesNotMatch(res.body, /10\.0\.0\.0/, 'the allowlist itself is not disclosed');
    });

    test('the default inject address (127.0.0.1) is outside too', async () => {
      const res = await get(url, auth(keys));
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().ExceptionType, 'IpNotAllowed');
    });

    test('a caller inside a CIDR passes', async () => {
      assert.ok(passedAuth(await get(url, auth(keys), '10.1.2.3')));
      assert.ok(passedAuth(await get(url, auth(keys), '10.255.255.255')));
    });

    test('a single-address entry matches only that address', async () => {
      assert.ok(passedAuth(await get(url, auth(keys), '192.168.1.5')));
      assert.equal((await get(url, auth(keys), '192.168.1.6')).statusCode, 403);
    });

    test('an IPv4-mapped IPv6 caller (::ffff:10.1.2.3) counts as 10.1.2.3', async () => {
      assert.ok(passedAuth(await get(url, auth(keys), '::ffff:10.1.2.3')));
      assert.equal((await get(url, auth(keys), '::ffff:11.1.2.3')).statusCode, 403);
    });

    test('IPv6 CIDRs and IPv4-mapped CIDR entries work', async () => {
      assert.ok(passedAuth(await get(url, auth(keys), '2001:db8::1')));
      assert.equal((await get(url, auth(keys), '2001:db9::1')).statusCode, 403);
      assert.ok(passedAuth(await get(url, auth(keys), '172.20.1.1')), '::ffff:172.16.0.0/108 is 172.16.0.0/12');
      assert.equal((await get(url, auth(keys), '172.32.0.1')).statusCode, 403);
    });

    test('bad credentials from an allowed address are 401; from a refused one also 401 (credentials first)', async () => {
      const bad = auth({ ...keys, secretKey: 'nope' });
      assert.deepEqual((await get(url, bad, '10.1.2.3')).json(), INVALID_CREDENTIALS);
      assert.deepEqual((await get(url, bad, '203.0.113.7')).json(), INVALID_CREDENTIALS);
    });

    test('clearing the allowlist admits every address', async () => {
      await updateTenant({ orgId: ORG, patch: { ipAllowlist: null } }, server.deskwire);
      assert.ok(passedAuth(await get(url, auth(keys), '203.0.113.7')));
    });
  });

  describe('tenant isolation', () => {
    test("tenant B's admin cannot see tenant 22824's ticket #143 under B's URL (404)", async () => {
      for (const ref of ['143', '%23143', '03913666-6ab8-4355-9a50-a63fe3204d0a']) {
        const res = await get(`/api/tenants/${ORG_B}/tickets/${ref}`, auth(tenantB));
        assert.equal(res.statusCode, 404, ref);
        assert.equal(res.json().ExceptionType, 'TicketNotFound', ref);
      }
      const conv = await server.app.inject({
        method: 'POST',
        url: `/api/tenants/${ORG_B}/conversation/filter`,
        headers: auth(tenantB),
        payload: { TicketId: 143, OrgId: ORG_B, ActivityType: ['InboundEmail'] },
      });
      assert.equal(conv.statusCode, 404, "B cannot list #143's conversations");
      assert.equal(conv.json().ExceptionType, 'TicketNotFound');
      assert.doesNotMatch(conv.body, /Wim/);
    });

    test('ticket numbers are per tenant: B\'s first ticket is Id "1", Key "#001"', async () => {
      const body = {
        ...documentedCreateBody('unused'),
        LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'tenant-b-lead@example.com' }],
      };
      const created = await server.app.inject({
        method: 'POST',
        url: `/api/tenants/${ORG_B}/tickets`,
        headers: auth(tenantB),
        payload: body,
      });
      assert.equal(created.statusCode, 200, created.body);
      assert.equal(created.json().Id, '1');
      assert.equal(created.json().Key, '#001');

      const read = await get(`/api/tenants/${ORG_B}/tickets/1`, auth(tenantB));
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().Id, '1');

      // Tenant A's ticket 1 (if any) is not B's, and A cannot reach B's ticket by its GUID.
      const byGuid = await get(`/api/tenants/${DEMO_ORG}/tickets/${created.json().TicketId}`, auth(server.demo));
      assert.equal(byGuid.statusCode, 404);
      // The demo tenant's #143 is untouched.
      assert.equal((await get(demoTicket, auth(server.demo))).json().Id, '143');
    });
  });

  describe('secret storage', () => {
    test(
      'the clear secret is stored nowhere in the database, only a hash',
      sqliteOnly('reads the SQLite file and its WAL byte by byte'),
      async () => {
        const extra = await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'Hash check' }, server.deskwire);
        const secrets = [server.demo.secretKey, tenantB.secretKey, extra.secretKey];

        // Every text and blob value of every table.
        const db = new Database(join(server.dataDir, 'deskwire.db'), { readonly: true, fileMustExist: true });
        try {
          const tables = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .pluck()
            .all() as string[];
          assert.ok(tables.length > 0);
          let keyRows = 0;
          for (const table of tables) {
            const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Record<
              string,
              unknown
            >[];
            for (const row of rows) {
              for (const [column, value] of Object.entries(row)) {
                const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
                for (const secret of secrets) {
                  assert.ok(!text.includes(secret), `${table}.${column} holds a clear secret`);
                }
              }
              if (Object.values(row).includes(extra.accessKey)) {
                keyRows++;
                const hashes = Object.entries(row).filter(([c]) => /secret/i.test(c));
                assert.ok(hashes.length > 0, 'the key row has a secret (hash) column');
                for (const [, hash] of hashes) {
                  assert.equal(typeof hash, 'string');
                  assert.notEqual(hash, extra.secretKey);
                  assert.ok((hash as string).length >= 32, 'a hash, not an empty value');
                }
              }
            }
          }
          assert.equal(keyRows, 1, 'the new key is stored (as access key + hash)');
        } finally {
          db.close();
        }

        // And the raw bytes of the database files (main file, WAL, shared memory).
        const files = (await readdir(server.dataDir)).filter((f) => f.startsWith('deskwire.db'));
        assert.ok(files.includes('deskwire.db'));
        let accessKeySeen = false;
        for (const file of files) {
          const bytes = await readFile(join(server.dataDir, file));
          if (bytes.includes(extra.accessKey)) accessKeySeen = true;
          for (const secret of secrets) {
            assert.equal(bytes.indexOf(secret, 0, 'utf8'), -1, `${file} holds a clear secret`);
            assert.equal(bytes.indexOf(secret, 0, 'utf16le'), -1, `${file} holds a clear secret (UTF-16)`);
          }
        }
        assert.ok(accessKeySeen, 'the scan reads the bytes that hold the keys (sanity check of the scan itself)');
      },
    );
  });
});
