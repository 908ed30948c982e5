import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MemoryRequestJournal, type NewJournalEntry } from '@deskwire/server';
import type { Keys } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from './sandbox-server.js';

const ORG = 7401;
const OTHER = 7402;

describe('request journal over HTTP', () => {
  let server: SandboxServer;
  let keys: Keys;
  let number: number;
  before(async () => {
    server = await startSandboxServer({ journalSize: 5 });
    keys = await sandboxTenant(server, ORG);
    await sandboxTenant(server, OTHER);
    number = await sandboxTicket(server, ORG);
  });
  after(() => server.close());

  const journal = async (query = '') => {
    const res = await server.admin('GET', `/tenants/${ORG}/requests${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().requests as Array<Record<string, unknown>>;
  };

  test('records method, redacted path, operation, status, latency and sizes; never headers or bodies', async () => {
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    const create = await server.lsq(keys, ORG, 'POST', '/tickets', {
      TypeId: '1',
      LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'secret-lead@example.com' }],
      Fields: [{ SchemaName: 'Title', Value: 'Journaled' }],
      RelatedTicketTypeId: 1,
    });
    assert.equal(create.statusCode, 200, create.body);
    await server.lsq(keys, ORG, 'GET', '/tickets/99999');
    const [first, second] = await journal();
    assert.deepEqual(Object.keys(first ?? {}), [
      'id',
      'at',
      'orgId',
      'method',
      'path',
      'operation',
      'status',
      'latencyMs',
      'requestBytes',
      'responseBytes',
      'faultId',
    ]);
    assert.equal(first?.method, 'POST');
    assert.equal(first?.path, `/api/tenants/${ORG}/tickets`);
    assert.equal(first?.operation, 'lsq.createTicket');
    assert.equal(first?.status, 200);
    assert.ok(typeof first?.latencyMs === 'number' && first.latencyMs >= 0);
    assert.ok(typeof first?.requestBytes === 'number' && first.requestBytes > 50);
    assert.equal(first?.responseBytes, create.rawPayload.length);
    assert.equal(first?.faultId, null);
    assert.ok(Date.parse(String(first?.at)) <= Date.now());
    assert.equal(second?.status, 404);
    assert.equal(second?.operation, 'lsq.getTicket');
    assert.ok(Number(second?.id) > Number(first?.id), 'oldest first');
    const text = JSON.stringify(await journal());
    assert.doesNotMatch(text, /secret-lead/, 'no request body');
    assert.doesNotMatch(text, new RegExp(keys.secretKey), 'no secret key');
    assert.doesNotMatch(text, new RegExp(keys.accessKey.replace(/\$/g, '\\$')), 'no access key');
  });

  test('credentials in a query string are redacted; signed download URLs never appear', async () => {
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${ORG}/tickets?TicketId=${number}&secretKey=${encodeURIComponent(keys.secretKey)}`,
      headers: { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey },
    });
    await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${ORG}/tickets?TicketId=${number}&sig%6Eature=abc`,
      headers: { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey },
    });
    await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${ORG}/tickets?TicketId=${number}`,
      headers: { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey },
    });
    const entries = await journal();
    assert.deepEqual(
      entries.map((e) => e.path),
      [
        `/api/tenants/${ORG}/tickets?[redacted]`,
        `/api/tenants/${ORG}/tickets?[redacted]`,
        `/api/tenants/${ORG}/tickets?TicketId=${number}`,
      ],
    );
    assert.doesNotMatch(JSON.stringify(entries), new RegExp(keys.secretKey));
  });

  test('unauthenticated calls, sandbox calls and downloads are not journaled; tenants are kept apart', async () => {
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    await server.lsq({ accessKey: 'nobody', secretKey: 'nothing' }, ORG, 'GET', '/tickets/1');
    await server.admin('GET', `/tenants/${ORG}`);
    await server.app.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(await journal(), []);
    const other = await server.admin('GET', `/tenants/${OTHER}/requests`);
    assert.deepEqual(other.json().requests, []);
  });

  test('filters: operation, status (exact or class), since, limit', async () => {
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    await server.lsq(keys, ORG, 'GET', `/tickets/${number}`);
    await server.lsq(keys, ORG, 'GET', '/tickets/99999');
    const mid = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.lsq(keys, ORG, 'POST', '/conversation/filter', {
      TicketId: number,
      OrgId: ORG,
      ActivityType: ['InboundEmail'],
    });
    assert.equal((await journal()).length, 3);
    assert.deepEqual(
      (await journal('?operation=lsq.getTicket')).map((e) => e.status),
      [200, 404],
    );
    assert.deepEqual(
      (await journal('?status=404')).map((e) => e.operation),
      ['lsq.getTicket'],
    );
    assert.equal((await journal('?status=2xx')).length, 2);
    assert.deepEqual(
      (await journal(`?since=${encodeURIComponent(mid)}`)).map((e) => e.operation),
      ['lsq.listConversations'],
    );
    assert.deepEqual(
      (await journal('?limit=1')).map((e) => e.operation),
      ['lsq.listConversations'],
      'limit keeps the most recent',
    );
    for (const bad of ['?status=abc', '?limit=0', '?since=yesterday', '?color=red']) {
      const res = await server.admin('GET', `/tenants/${ORG}/requests${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().ExceptionType, 'ValidationError');
    }
  });

  test('the journal keeps the last N per tenant (journalSize) and clears on request', async () => {
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
    for (let i = 1; i <= 7; i++) await server.lsq(keys, ORG, 'GET', `/tickets/${90000 + i}`);
    const kept = await journal();
    assert.deepEqual(
      kept.map((e) => e.path),
      [3, 4, 5, 6, 7].map((i) => `/api/tenants/${ORG}/tickets/${90000 + i}`),
    );
    const cleared = await server.admin('DELETE', `/tenants/${ORG}/requests`);
    assert.deepEqual(cleared.json(), { removed: 5 });
    assert.deepEqual(await journal(), []);
  });
});

describe('MemoryRequestJournal', () => {
  const entry = (orgId: number, status: number, at: string): NewJournalEntry => ({
    at,
    orgId,
    method: 'GET',
    path: '/x',
    operation: 'op',
    status,
    latencyMs: 1,
    requestBytes: null,
    responseBytes: 2,
    faultId: null,
  });

  test('a ring per tenant: wrapping keeps order, one tenant never evicts another', async () => {
    const journal = new MemoryRequestJournal(3);
    for (let i = 0; i < 10; i++) await journal.record(entry(1, 200 + i, `2025-01-01T00:00:0${i}.000Z`));
    await journal.record(entry(2, 500, '2025-01-01T00:00:00.000Z'));
    assert.deepEqual(
      (await journal.list(1)).map((e) => e.status),
      [207, 208, 209],
    );
    assert.deepEqual(
      (await journal.list(2)).map((e) => e.status),
      [500],
    );
    assert.equal(await journal.clear(), 4);
    assert.deepEqual(await journal.list(1), []);
  });

  test('rejects a size that is not a positive integer', () => {
    assert.throws(() => new MemoryRequestJournal(0));
    assert.throws(() => new MemoryRequestJournal(1.5));
  });
});
