import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiToken, updateTenant } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';
import { kap, SEED_TICKET_ID } from './kapture-test-server.js';

const BODY = { ticket_ids: SEED_TICKET_ID };

function intHeader(res: LightMyRequestResponse, name: string): number {
  const raw = res.headers[name];
  assert.match(String(raw), /^[0-9]+$/, `${name} is an integer`);
  return Number(raw);
}

describe("Kapture rate limit: the tenant's budget (default 25 calls per 5 s) per token", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  const token = async (api: 'get' | 'add' = 'get') =>
    (await createApiToken({ orgId: DEMO_ORG, api }, server.deskwire)).token;

  test('25 calls succeed with RateLimit-* headers; the 26th is 429 in the Kapture shape with Retry-After', async () => {
    const t = await token();
    for (let i = 1; i <= 25; i++) {
      const res = await kap(server, 'get', t, BODY);
      assert.equal(res.statusCode, 200, `call ${i}`);
      assert.equal(intHeader(res, 'ratelimit-limit'), 25);
      assert.equal(intHeader(res, 'ratelimit-remaining'), 25 - i);
    }
    const res = await kap(server, 'get', t, BODY);
    assert.equal(res.statusCode, 429);
    assert.deepEqual(res.json(), { message: 'API calls exceeded the limit of 25 in 5 second(s)', status: 'failed' });
    const retryAfter = intHeader(res, 'retry-after');
    assert.ok(retryAfter >= 1 && retryAfter <= 5);
  });

  test('the budget is per token: another token of the same tenant still works', async () => {
    const first = await token();
    for (let i = 0; i < 25; i++) await kap(server, 'get', first, BODY);
    assert.equal((await kap(server, 'get', first, BODY)).statusCode, 429);
    assert.equal((await kap(server, 'get', await token(), BODY)).statusCode, 200);
  });

  test('refused calls (bad token) spend no budget', async () => {
    const t = await token();
    for (let i = 0; i < 30; i++) await kap(server, 'get', 'nope', BODY);
    assert.equal((await kap(server, 'get', t, BODY)).statusCode, 200);
    assert.equal(intHeader(await kap(server, 'get', t, BODY), 'ratelimit-remaining'), 23);
  });

  test('the budget is configurable per tenant (deskwire tenant update --rate-limit), shared with LeadSquared', async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 3, windowMs: 1000 } } }, server.deskwire);
    const t = await token();
    for (let i = 0; i < 3; i++) assert.equal((await kap(server, 'get', t, BODY)).statusCode, 200);
    const res = await kap(server, 'get', t, BODY);
    assert.equal(res.statusCode, 429);
    assert.deepEqual(res.json(), { message: 'API calls exceeded the limit of 3 in 1 second(s)', status: 'failed' });
  });
});
