import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RATE_LIMIT, updateTenant } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import {
  addAgentKey,
  addTenant,
  auth,
  DEMO_ORG,
  type Keys,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const TICKET_URL = `/api/tenants/${DEMO_ORG}/tickets/143`;

function intHeader(res: LightMyRequestResponse, name: string): number {
  const raw = res.headers[name];
  assert.equal(typeof raw, 'string', `${name} header present`);
  assert.match(raw as string, /^[0-9]+$/, `${name} is an integer`);
  return Number(raw);
}

describe('rate limit: default 25 calls per 5 s per access key', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  const get = (keys: Keys, url = TICKET_URL) => server.app.inject({ method: 'GET', url, headers: auth(keys) });

  test('the default is the documented 25 calls per 5 s', () => {
    assert.deepEqual({ ...DEFAULT_RATE_LIMIT }, { max: 25, windowMs: 5000 });
  });

  test('25 calls succeed with RateLimit-* headers counting down; the 26th is 429 with Retry-After', async () => {
    const keys = server.demo;
    for (let i = 1; i <= 25; i++) {
      const res = await get(keys);
      assert.equal(res.statusCode, 200, `call ${i}`);
      assert.equal(intHeader(res, 'ratelimit-limit'), 25);
      assert.equal(intHeader(res, 'ratelimit-remaining'), 25 - i, `remaining after call ${i}`);
      const reset = intHeader(res, 'ratelimit-reset');
      assert.ok(reset >= 1 && reset <= 5, `ratelimit-reset ${reset} within the window`);
      assert.equal(res.headers['x-ratelimit-limit'], undefined, 'only the IETF draft headers');
    }
    const res = await get(keys);
    assert.equal(res.statusCode, 429);
    assert.match(res.headers['content-type'] as string, /^application\/json/);
    assert.deepEqual(res.json(), {
      Status: 'Error',
      ExceptionType: 'RateLimitExceeded',
      ExceptionMessage: 'API calls exceeded the limit of 25 in 5 second(s)',
    });
    const retryAfter = intHeader(res, 'retry-after');
    assert.ok(retryAfter >= 1 && retryAfter <= 5, `retry-after ${retryAfter} in [1, 5]`);
    assert.equal(intHeader(res, 'ratelimit-limit'), 25);
    assert.equal(intHeader(res, 'ratelimit-remaining'), 0);
    const reset = intHeader(res, 'ratelimit-reset');
    assert.ok(reset >= 1 && reset <= 5);

    // Still limited on the next call, and on every route of the dialect.
    assert.equal((await get(keys)).statusCode, 429);
    const conv = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/conversation/filter`,
      headers: auth(keys),
      payload: { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] },
    });
    assert.equal(conv.statusCode, 429);
    assert.equal(conv.json().ExceptionType, 'RateLimitExceeded');
  });

  test('the budget is per access key: another key of the same tenant still gets 200', async () => {
    const first = await addAgentKey(server, DEMO_ORG);
    for (let i = 1; i <= 25; i++) assert.equal((await get(first)).statusCode, 200, `call ${i}`);
    assert.equal((await get(first)).statusCode, 429);
    const second = await addAgentKey(server, DEMO_ORG);
    const res = await get(second);
    assert.equal(res.statusCode, 200);
    assert.equal(intHeader(res, 'ratelimit-remaining'), 24, 'a fresh budget');
    assert.equal((await get(first)).statusCode, 429, 'the first key stays limited');
  });

  test("another tenant's key has its own budget", async () => {
    const other = await addTenant(server, 41001);
    const res = await get(other, '/api/tenants/41001/tickets/1');
    assert.equal(res.statusCode, 404, 'past auth and rate limit: no ticket 1 yet');
    assert.equal(intHeader(res, 'ratelimit-remaining'), 24);
  });

  test('unauthenticated calls (401) do not consume the budget and carry no RateLimit headers', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const wrongSecret = { accessKey: agent.accessKey, secretKey: 'not-the-secret' };
    for (let i = 0; i < 30; i++) {
      const res = await get(wrongSecret);
      assert.equal(res.statusCode, 401, `bad call ${i + 1}`);
      assert.equal(res.headers['ratelimit-remaining'], undefined);
      assert.equal(res.headers['retry-after'], undefined);
    }
    // Also calls with the key on another tenant's URL (authenticated against nothing).
    for (let i = 0; i < 5; i++) {
      assert.equal((await get(agent, '/api/tenants/41001/tickets/1')).statusCode, 401);
    }
    for (let i = 1; i <= 25; i++) {
      const res = await get(agent);
      assert.equal(res.statusCode, 200, `good call ${i} after 35 refused ones`);
      assert.equal(intHeader(res, 'ratelimit-remaining'), 25 - i);
    }
    assert.equal((await get(agent)).statusCode, 429);
  });
});

describe('rate limit: per-tenant configuration', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
  });
  after(() => server.close());

  const get = (keys: Keys) => server.app.inject({ method: 'GET', url: TICKET_URL, headers: auth(keys) });

  test('a tenant limited to 3 per second gets 429 on the 4th call, then succeeds after the window', async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 3, windowMs: 1000 } } }, server.deskwire);
    const keys = server.demo;
    // The window opens during the first call: by the time its response is back, it has started.
    let windowOpenedBy = 0;
    for (let i = 1; i <= 3; i++) {
      const res = await get(keys);
      if (i === 1) windowOpenedBy = Date.now();
      assert.equal(res.statusCode, 200, `call ${i}`);
      assert.equal(intHeader(res, 'ratelimit-limit'), 3);
      assert.equal(intHeader(res, 'ratelimit-remaining'), 3 - i);
      assert.equal(intHeader(res, 'ratelimit-reset'), 1);
    }
    const limited = await get(keys);
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(limited.json(), {
      Status: 'Error',
      ExceptionType: 'RateLimitExceeded',
      ExceptionMessage: 'API calls exceeded the limit of 3 in 1 second(s)',
    });
    assert.equal(intHeader(limited, 'retry-after'), 1);
    assert.equal(intHeader(limited, 'ratelimit-limit'), 3);
    assert.equal(intHeader(limited, 'ratelimit-remaining'), 0);

    // Wait until the window has passed (under 1.1 s from the first call).
    await sleep(Math.max(0, windowOpenedBy + 1050 - Date.now()));
    const again = await get(keys);
    assert.equal(again.statusCode, 200, 'a new window');
    assert.equal(intHeader(again, 'ratelimit-remaining'), 2);
  });

  test('a configuration change applies to the next call, without a restart', async () => {
    await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1, windowMs: 1000 } } }, server.deskwire);
    const agent = await addAgentKey(server, DEMO_ORG);
    const first = await get(agent);
    assert.equal(first.statusCode, 200);
    assert.equal(intHeader(first, 'ratelimit-limit'), 1);
    const second = await get(agent);
    assert.equal(second.statusCode, 429);
    assert.equal(second.json().ExceptionMessage, 'API calls exceeded the limit of 1 in 1 second(s)');
  });
});
