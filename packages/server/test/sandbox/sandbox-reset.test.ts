import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Keys } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from './sandbox-server.js';

const A = 7301;
const B = 7302;
const SHARED = Buffer.from('the same file in both tenants');
const ONLY_A = Buffer.from('a file only tenant A has');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const file = (name: string, content: Buffer) => ({ fileName: name, contentBase64: content.toString('base64') });

interface World {
  server: SandboxServer;
  a: Keys;
  b: Keys;
  ticketA: number;
  ticketB: number;
}

/** Two tenants with the same shape: a custom field, a narrowed lookup, a ticket with files and mail. */
async function world(): Promise<World> {
  const server = await startSandboxServer();
  const a = await sandboxTenant(server, A);
  const b = await sandboxTenant(server, B);
  const tickets: number[] = [];
  for (const [org, files] of [
    [A, [file('shared.txt', SHARED), file('only-a.txt', ONLY_A)]],
    [B, [file('shared.txt', SHARED)]],
  ] as const) {
    await server.admin('POST', `/tenants/${org}/fields`, { name: 'Region', dataType: 'Text' });
    await server.admin('PUT', `/tenants/${org}/lookups/Priority`, { values: ['P1', 'P2'] });
    const number = await sandboxTicket(server, org, {
      fields: { Title: `Ticket of ${org}`, Priority: 'P1', 'CustomData.Region': 'EU' },
      attachments: files,
    });
    await server.admin('POST', `/tenants/${org}/tickets/${number}/conversations`, {
      type: 'InboundEmail',
      text: 'Hello',
      attachments: files,
    });
    tickets.push(number);
  }
  return { server, a, b, ticketA: tickets[0] ?? 0, ticketB: tickets[1] ?? 0 };
}

describe('sandbox reset', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.server.close());

  const get = (keys: Keys, org: number, number: number) => w.server.lsq(keys, org, 'GET', `/tickets/${number}`);

  test('resetting tenant A empties A, keeps A’s keys working, and leaves B exactly as it was', async () => {
    const bBefore = (await get(w.b, B, w.ticketB)).json();
    const res = await w.server.admin('POST', `/tenants/${A}/reset`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().deleted, { tickets: 1, leads: 1, activities: 1, attachments: 4, history: 0 });

    const gone = await get(w.a, A, w.ticketA);
    assert.equal(gone.statusCode, 404, 'A’s ticket is gone, and A’s keys still authenticate');
    assert.equal(gone.json().ExceptionType, 'TicketNotFound');

    const bAfter = await get(w.b, B, w.ticketB);
    assert.equal(bAfter.statusCode, 200);
    assert.deepEqual(bAfter.json(), bBefore, 'B is untouched, field for field');
    const mail = await w.server.lsq(w.b, B, 'POST', '/conversation/filter', {
      TicketId: w.ticketB,
      OrgId: B,
      ActivityType: ['InboundEmail'],
    });
    const path = mail.json().ConversationList[0].Attachments[0].ContentPath.replace(/^https?:\/\/[^/]+/, '');
    const download = await w.server.app.inject({ method: 'GET', url: path });
    assert.equal(download.statusCode, 200, 'B’s file (shared content) is still stored');
    assert.deepEqual(download.rawPayload, SHARED);

    assert.equal(await w.server.deskwire.blobs.has(sha(ONLY_A)), false, 'A’s own blob is removed');
    assert.equal(await w.server.deskwire.blobs.has(sha(SHARED)), true, 'a blob B uses stays');

    const next = await sandboxTicket(w.server, A, { fields: { Title: 'After reset' } });
    assert.equal(next, 1, 'numbering restarts at 1');
    const create = await w.server.lsq(w.a, A, 'POST', '/tickets', {
      TypeId: '1',
      LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'x@example.com' }],
      Fields: [
        { SchemaName: 'Title', Value: 'Default lookups again' },
        { SchemaName: 'Priority', Value: 'High' },
      ],
      RelatedTicketTypeId: 1,
    });
    assert.equal(create.statusCode, 200, `default lookups restored: ${create.body}`);
    const custom = await w.server.lsq(w.a, A, 'POST', '/tickets', {
      TypeId: '1',
      LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'x@example.com' }],
      Fields: [
        { SchemaName: 'Title', Value: 'No custom field' },
        { SchemaName: 'CustomData.Region', Value: 'EU' },
      ],
      RelatedTicketTypeId: 1,
    });
    assert.equal(custom.json().ExceptionType, 'UnknownField', 'custom fields are gone');

    const bLookups = (await w.server.admin('GET', `/tenants/${B}/lookups`)).json().lookups;
    assert.deepEqual(bLookups.find((l: { schemaName: string }) => l.schemaName === 'Priority').values, ['P1', 'P2']);
  });

  test('keepConfig keeps custom fields and lookups; users and extra keys survive every reset', async () => {
    const agent = (await w.server.admin('POST', `/tenants/${A}/users`, { role: 'Agent' })).json();
    const res = await w.server.admin('POST', `/tenants/${A}/reset`, { keepConfig: true });
    assert.equal(res.statusCode, 200);
    const number = await sandboxTicket(w.server, A, {
      fields: { Title: 'Kept config', Priority: 'P2', 'CustomData.Region': 'US' },
    });
    assert.equal(number, 1);
    const agentKeys = { accessKey: agent.accessKey, secretKey: agent.secretKey };
    assert.equal((await get(agentKeys, A, number)).statusCode, 200, 'the Agent key still works');
    const users = (await w.server.admin('GET', `/tenants/${A}/users`)).json().users;
    assert.equal(users.length, 2);
  });

  test('a tenant reset clears that tenant’s journal and fault rules only', async () => {
    await get(w.a, A, w.ticketA);
    await get(w.b, B, w.ticketB);
    for (const orgId of [A, B, null]) {
      const rule = await w.server.admin('POST', '/faults', {
        orgId,
        operation: 'lsq.getLookupValues',
        latency: { type: 'fixed', ms: 1 },
      });
      assert.equal(rule.statusCode, 201, rule.body);
    }
    const res = (await w.server.admin('POST', `/tenants/${A}/reset`)).json();
    assert.equal(res.requestsCleared, 1);
    assert.equal(res.faultRulesCleared, 1);
    assert.equal((await w.server.admin('GET', `/tenants/${A}/requests`)).json().requests.length, 0);
    assert.equal((await w.server.admin('GET', `/tenants/${B}/requests`)).json().requests.length, 1);
    const rules = (await w.server.admin('GET', '/faults')).json().rules;
    assert.deepEqual(
      rules.map((r: { orgId: number | null }) => r.orgId),
      [B, null],
      'B’s rule and the all-tenant rule stay',
    );
  });

  test('POST /reset resets every tenant and clears all sandbox state; deleteTenants empties the server', async () => {
    await get(w.a, A, w.ticketA);
    await w.server.admin('POST', '/faults', { latency: { type: 'fixed', ms: 1 }, operation: 'lsq.getLookupValues' });
    const all = await w.server.admin('POST', '/reset', {});
    assert.equal(all.statusCode, 200, all.body);
    const body = all.json();
    assert.deepEqual(
      body.tenants.map((x: { orgId: number }) => x.orgId),
      [A, B, 22824],
    );
    assert.equal(body.requestsCleared, 1);
    assert.equal(body.faultRulesCleared, 1);
    assert.equal((await get(w.a, A, w.ticketA)).statusCode, 404);
    assert.equal((await get(w.b, B, w.ticketB)).statusCode, 404);
    assert.equal((await get(w.server.demo, 22824, 143)).statusCode, 404, 'the demo ticket too');
    assert.equal(await w.server.deskwire.blobs.has(sha(SHARED)), false, 'no blob is referenced any more');

    const wiped = await w.server.admin('POST', '/reset', { deleteTenants: true });
    assert.equal(wiped.statusCode, 200);
    assert.deepEqual((await w.server.admin('GET', '/tenants')).json().tenants, []);
    assert.equal((await get(w.a, A, 1)).statusCode, 401, 'deleted tenants’ keys stop working');
    assert.equal((await w.server.admin('POST', '/tenants', { orgId: A, name: 'Again' })).statusCode, 201);
  });

  test('DELETE /tenants/{orgId} removes one tenant with its users and keys', async () => {
    const res = await w.server.admin('DELETE', `/tenants/${A}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().deleted.tickets, 1);
    assert.equal((await get(w.a, A, w.ticketA)).statusCode, 401);
    assert.equal((await w.server.admin('GET', `/tenants/${A}`)).statusCode, 404);
    assert.equal((await get(w.b, B, w.ticketB)).statusCode, 200);
  });
});
