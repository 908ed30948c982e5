import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { updateTenant } from '@deskwire/server';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  addAgentKey,
  addTenant,
  auth,
  DEMO_ORG,
  type Keys,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

describe('secrets stay out of logs and error bodies', () => {
  let server: TestServer;
  let tenantB: Keys;
  let limited: Keys;
  const ORG_B = 51001;
  /** Every credential value the test presents or is issued; none may reach the logs. */
  const secrets = new Map<string, string>();
  /** Every response, for the error-body checks. */
  const responses: LightMyRequestResponse[] = [];
  let signature = '';

  const send = async (options: InjectOptions) => {
    const res = await server.app.inject(options);
    responses.push(res);
    return res;
  };
  const get = (url: string, headers: Record<string, string>) => send({ method: 'GET', url, headers });
  const ticket = `/api/tenants/${DEMO_ORG}/tickets/143`;

  before(async () => {
    server = await startTestServer(); // logLevel 'info', logs captured
    tenantB = await addTenant(server, ORG_B);
    limited = await addAgentKey(server, DEMO_ORG);
    secrets.set('demo access key', server.demo.accessKey);
    secrets.set('demo secret key', server.demo.secretKey);
    secrets.set("tenant B's access key", tenantB.accessKey);
    secrets.set("tenant B's secret key", tenantB.secretKey);
    secrets.set('agent access key', limited.accessKey);
    secrets.set('agent secret key', limited.secretKey);
  });
  after(() => server.close());

  test('successful calls', async () => {
    assert.equal((await get(ticket, auth(server.demo))).statusCode, 200);
    assert.equal((await get(`/api/tenants/${ORG_B}/tickets/1`, auth(tenantB))).statusCode, 404);
  });

  test('401 calls, and no error body echoes the presented secret or access key', async () => {
    const wrongSecret = `wrong-secret-${randomBytes(16).toString('hex')}`;
    const unknownAccess = `u$runknown${randomBytes(16).toString('hex')}`;
    secrets.set('presented wrong secret', wrongSecret);
    secrets.set('presented unknown access key', unknownAccess);

    const cases = [
      await get(ticket, auth({ accessKey: server.demo.accessKey, secretKey: wrongSecret })),
      await get(ticket, auth({ accessKey: unknownAccess, secretKey: wrongSecret })),
      await get(ticket, { 'x-lsq-secret-key': wrongSecret }),
      await get(ticket, { 'x-lsq-access-key': unknownAccess }),
      await get(ticket, auth(tenantB)), // a valid key on another tenant's URL
      await get(`/api/tenants/999999/tickets/143`, auth({ accessKey: unknownAccess, secretKey: wrongSecret })),
    ];
    for (const res of cases) {
      assert.equal(res.statusCode, 401);
      assert.ok(!res.body.includes(wrongSecret), 'the body does not echo the presented secret');
      assert.ok(!res.body.includes(unknownAccess), 'the body does not echo the presented access key');
      assert.ok(!res.body.includes(tenantB.accessKey) && !res.body.includes(tenantB.secretKey));
      for (const value of Object.values(res.headers)) {
        assert.ok(!String(value).includes(wrongSecret), 'no header echoes the secret');
      }
    }
  });

  test('403 calls (API disabled, IP not allowed) echo no credential either', async () => {
    await updateTenant({ orgId: ORG_B, patch: { apiEnabled: false } }, server.deskwire);
    const disabled = await get(`/api/tenants/${ORG_B}/tickets/1`, auth(tenantB));
    assert.equal(disabled.statusCode, 403);
    await updateTenant({ orgId: ORG_B, patch: { apiEnabled: true, ipAllowlist: ['10.0.0.0/8'] } }, server.deskwire);
    const refused = await send({
      method: 'GET',
      url: `/api/tenants/${ORG_B}/tickets/1`,
      headers: auth(tenantB),
      remoteAddress: '203.0.113.9',
    });
    assert.equal(refused.statusCode, 403);
    await updateTenant({ orgId: ORG_B, patch: { ipAllowlist: null } }, server.deskwire);
    for (const res of [disabled, refused]) {
      assert.ok(!res.body.includes(tenantB.secretKey) && !res.body.includes(tenantB.accessKey));
    }
  });

  test('429 calls', async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 2, windowMs: 5000 } } }, server.deskwire);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(ticket, auth(limited))).statusCode);
      assert.deepEqual(statuses, [200, 200, 429, 429]);
    } finally {
      await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 25, windowMs: 5000 } } }, server.deskwire);
    }
  });

  test('a signed attachment download, and a tampered one', async () => {
    const conv = await send({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(server.demo),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
    });
    assert.equal(conv.statusCode, 200);
    const attachment = conv.json().ConversationList[1].Attachments[0];
    const contentPath = new URL(attachment.ContentPath);
    signature = contentPath.searchParams.get('signature') ?? '';
    assert.match(signature, /^[0-9a-f]{64}$/, 'the ContentPath carries a signature');
    secrets.set('URL signature', signature);

    const download = await get(`${contentPath.pathname}${contentPath.search}`, {});
    assert.equal(download.statusCode, 200);
    assert.equal(download.rawPayload.length, attachment.FileSize);

    // Tampered (another signature) and mis-cased parameter: refused, and the presented value is not echoed.
    const forged = randomBytes(32).toString('hex');
    secrets.set('forged signature', forged);
    const tampered = await get(
      `${contentPath.pathname}?expires=${contentPath.searchParams.get('expires')}&signature=${forged}`,
      {},
    );
    assert.equal(tampered.statusCode, 403);
    assert.ok(!tampered.body.includes(forged));
    const upper = await get(
      `${contentPath.pathname}?expires=${contentPath.searchParams.get('expires')}&Signature=${forged}`,
      {},
    );
    assert.equal(upper.statusCode, 403);
  });

  test('no error body anywhere contains a credential or a signature', () => {
    assert.ok(responses.length > 15);
    for (const res of responses) {
      if (res.statusCode < 400) continue;
      for (const [label, value] of secrets) {
        assert.ok(!res.body.includes(value), `a ${res.statusCode} body contains the ${label}`);
      }
    }
  });

  test('the logs hold every request but no secret key, access key or URL signature', () => {
    const logs = server.logs();
    // Sanity: the log really captured these requests (so the absence checks below mean something).
    assert.match(logs, /incoming request/);
    assert.match(logs, /\/api\/tenants\/22824\/tickets\/143/);
    assert.match(logs, /"statusCode":401/);
    assert.match(logs, /"statusCode":429/);
    assert.match(logs, /\/files\//);
    assert.match(logs, /\/files\/[^"]*\?\[redacted\]/);
    for (const [label, value] of secrets) {
      assert.ok(value.length >= 16, label);
      assert.ok(!logs.includes(value), `the logs contain the ${label}`);
    }
    // No header dump either.
    assert.doesNotMatch(logs, /x-lsq-secret-key/i);
    assert.doesNotMatch(logs, /x-lsq-access-key/i);
  });
});

describe('signed URLs with a percent-encoded parameter name', () => {
  // The download route decodes query parameter names, so `sig%6Eature=` is accepted as `signature=`;
  // the log serializer must judge the decoded query, or the signature is logged in clear.
  test('a valid signature sent as sig%6Eature= does not reach the logs', async () => {
    const server = await startTestServer();
    try {
      const conv = await server.app.inject({
        method: 'POST',
        url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
        headers: auth(server.demo),
        payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
      });
      const path = new URL(conv.json().ConversationList[1].Attachments[0].ContentPath);
      const signature = path.searchParams.get('signature') ?? '';
      assert.match(signature, /^[0-9a-f]{64}$/);
      const encoded = `${path.pathname}?expires=${path.searchParams.get('expires')}&sig%6Eature=${signature}`;
      const res = await server.app.inject({ method: 'GET', url: encoded });
      assert.ok(res.statusCode === 200 || res.statusCode === 403, `answered ${res.statusCode}`);
      assert.ok(!server.logs().includes(signature), 'the logs contain the URL signature');
    } finally {
      await server.close();
    }
  });
});
