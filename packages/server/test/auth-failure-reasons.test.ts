import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  accessKeyId,
  createApiKey,
  createApiToken,
  revokeApiKey,
  revokeApiToken,
  updateTenant,
} from '@deskwire/server';
import { addTenant, auth, DEMO_ORG, type Keys, startTestServer, type TestServer } from './helpers/test-server.js';
import { kap } from './kapture/kapture-test-server.js';

// Issue 15 item 7: callers keep one identical answer per failure class; operators see the reason in the
// log (info, with the key's public id, never a secret) and in /metrics by reason.

const ORG_B = 5151;
const ORG_OFF = 5152;
const ORG_WALLED = 5153;

interface LogLine {
  msg?: string;
  reason?: string;
  keyId?: string;
  dialect?: string;
  level?: number;
}

describe('auth failure reasons (issue 15 item 7)', () => {
  let server: TestServer;
  let b: Keys;
  let off: Keys;
  let walled: Keys;

  before(async () => {
    server = await startTestServer({ logLevel: 'info' });
    await server.unlimit();
    b = await addTenant(server, ORG_B);
    off = await addTenant(server, ORG_OFF);
    walled = await addTenant(server, ORG_WALLED);
    await updateTenant({ orgId: ORG_OFF, patch: { apiEnabled: false } }, server.deskwire);
    await updateTenant({ orgId: ORG_WALLED, patch: { ipAllowlist: ['203.0.113.0/24'] } }, server.deskwire);
  });
  after(() => server.close());

  const failures = (): LogLine[] =>
    server
      .logs()
      .split('\n')
      .filter((line) => line.includes('"authentication failed"'))
      .map((line) => JSON.parse(line) as LogLine);
  const lastFailure = () => failures().at(-1);
  const lsq = (orgId: number, headers: Record<string, string>) =>
    server.app.inject({ method: 'GET', url: `/api/tenants/${orgId}/tickets/143`, headers });

  test('LeadSquared: one 401 body for unknown key, wrong secret, other tenant, revoked; the log tells them apart', async () => {
    const agent = await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'Leaver' }, server.deskwire);
    await revokeApiKey({ orgId: DEMO_ORG, accessKey: agent.accessKey }, server.deskwire);
    const cases: Array<[string, Record<string, string>, string | undefined]> = [
      ['unknown_key', auth({ accessKey: 'u$nobody', secretKey: 'whatever' }), undefined],
      [
        'wrong_secret',
        auth({ accessKey: server.demo.accessKey, secretKey: 'not-the-secret' }),
        accessKeyId(server.demo.accessKey),
      ],
      ['other_tenant', auth(b), accessKeyId(b.accessKey)],
      ['revoked', auth({ accessKey: agent.accessKey, secretKey: agent.secretKey }), accessKeyId(agent.accessKey)],
    ];
    const bodies = new Set<string>();
    for (const [reason, headers, keyId] of cases) {
      const res = await lsq(DEMO_ORG, headers);
      assert.equal(res.statusCode, 401, reason);
      bodies.add(res.body);
      const line = lastFailure();
      assert.equal(line?.reason, reason);
      assert.equal(line?.keyId, keyId, `${reason}: the public id of a known key only`);
      assert.equal(line?.level, 30, 'info level');
      assert.equal(line?.dialect, 'leadsquared');
    }
    assert.equal(bodies.size, 1, 'callers cannot tell the reasons apart');

    const missing = await lsq(DEMO_ORG, {});
    assert.equal(missing.statusCode, 401);
    assert.equal(lastFailure()?.reason, 'missing_credentials');

    const disabled = await lsq(ORG_OFF, auth(off));
    assert.equal(disabled.statusCode, 403);
    assert.equal(lastFailure()?.reason, 'api_disabled');
    const outside = await lsq(ORG_WALLED, auth(walled));
    assert.equal(outside.statusCode, 403);
    assert.equal(lastFailure()?.reason, 'address_not_allowed');
    assert.equal(lastFailure()?.keyId, accessKeyId(walled.accessKey));
  });

  test('Kapture: wrong API, expired and revoked tokens answer "Invalid Auth Key" alike; the log says which', async () => {
    const get = await createApiToken({ orgId: DEMO_ORG, api: 'get' }, server.deskwire);
    const soon = await createApiToken(
      { orgId: DEMO_ORG, api: 'add', expiresAt: new Date(Date.now() + 60_000) },
      server.deskwire,
    );
    const gone = await createApiToken({ orgId: DEMO_ORG, api: 'add' }, server.deskwire);
    await revokeApiToken({ orgId: DEMO_ORG, tokenId: gone.record.id }, server.deskwire);
    const body = [{ title: 'x', ticket_details: 'y' }];
    const wrongSecret =
      `${get.token.slice(0, -4)}0000` === get.token ? `${get.token.slice(0, -4)}1111` : `${get.token.slice(0, -4)}0000`;

    const cases: Array<[string, () => ReturnType<typeof kap>, string | undefined]> = [
      ['wrong_api', () => kap(server, 'add', get.token, body), get.record.id],
      ['revoked', () => kap(server, 'add', gone.token, body), gone.record.id],
      ['wrong_secret', () => kap(server, 'get', wrongSecret, { ticket_ids: '1' }), get.record.id],
      [
        'unknown_key',
        () => kap(server, 'get', `dwt_${'0'.repeat(16)}_${'0'.repeat(64)}`, { ticket_ids: '1' }),
        undefined,
      ],
      ['malformed_credentials', () => kap(server, 'get', 'garbage', { ticket_ids: '1' }), undefined],
      ['missing_credentials', () => kap(server, 'get', undefined, { ticket_ids: '1' }), undefined],
    ];
    server.advanceClock(120_000);
    try {
      cases.push(['expired', () => kap(server, 'add', soon.token, body), soon.record.id]);
      const bodies = new Set<string>();
      for (const [reason, call, keyId] of cases) {
        const res = await call();
        assert.equal(res.statusCode, 401, `${reason}: ${res.body}`);
        bodies.add(res.body);
        assert.equal(lastFailure()?.reason, reason);
        assert.equal(lastFailure()?.keyId, keyId, reason);
        assert.equal(lastFailure()?.dialect, 'kapture');
      }
      assert.deepEqual([...bodies], ['{"message":"Invalid Auth Key","status":"failed"}']);
    } finally {
      server.advanceClock(-120_000);
    }
    // No secret (a token's secret half, a LeadSquared secret key) ever reaches the log.
    for (const secret of [get.token, gone.token, soon.token, server.demo.secretKey, b.secretKey]) {
      assert.ok(!server.logs().includes(secret.slice(-64)), 'no secret in the log');
    }
  });

  test('/metrics counts failures by dialect and reason', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    const count = (dialect: string, reason: string) =>
      Number(
        new RegExp(`deskwire_auth_failures_total\\{dialect="${dialect}",reason="${reason}"\\} (\\d+)`).exec(
          res.body,
        )?.[1] ?? 0,
      );
    assert.ok(count('leadsquared', 'wrong_secret') >= 1);
    assert.ok(count('leadsquared', 'other_tenant') >= 1);
    assert.ok(count('leadsquared', 'address_not_allowed') >= 1);
    assert.ok(count('kapture', 'wrong_api') >= 1);
    assert.ok(count('kapture', 'expired') >= 1);
    assert.equal(count('kapture', 'other_tenant'), 0);
  });
});
