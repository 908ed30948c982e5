import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { addAgentKey, auth, DEMO_ORG, type Keys, startTestServer, type TestServer } from '../helpers/test-server.js';
import { issueTokens, kap, SEED_TICKET_ID, type Tokens } from '../kapture/kapture-test-server.js';

// The desk endpoints of /api/v1 with a key pair (docs/api.md "Endpoints"), and the data they share with
// both vendor dialects: a change through L3 or K2 reads back here at once, and the reverse through L4 and K3.

const V1 = `/api/v1/tenants/${DEMO_ORG}`;
let server: TestServer;
let tokens: Tokens;

function v1(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
  keys: Keys = server.demo,
) {
  return server.app.inject({
    method,
    url: `${V1}${path}`,
    headers: { ...auth(keys), ...(payload !== undefined && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

function ok(res: LightMyRequestResponse, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

const lsqField = (res: LightMyRequestResponse, name: string) =>
  (res.json() as { Fields: Array<{ SchemaName: string; Value: unknown }> }).Fields.find((f) => f.SchemaName === name)
    ?.Value;

describe('/api/v1 desk endpoints', { timeout: 60_000 }, () => {
  before(async () => {
    server = await startTestServer();
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  test('read a ticket by number, key and GUID: every field and its lead', async () => {
    const byNumber = ok(await v1('GET', '/tickets/143'));
    assert.equal(byNumber.key, '#143');
    assert.equal(byNumber.fields.Title, 'Update Email Id');
    assert.ok(byNumber.lead?.id, 'the lead');
    assert.deepEqual(ok(await v1('GET', '/tickets/%23143')), byNumber);
    assert.deepEqual(ok(await v1('GET', `/tickets/${byNumber.id}`)), byNumber);
    const missing = await v1('GET', '/tickets/999999');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { error: { code: 'TicketNotFound', message: "Ticket '999999' does not exist" } });
  });

  test('update: validated against the lookups and mandatory rules, one 400 naming the problem, nothing written', async () => {
    const bad = await v1('PATCH', '/tickets/143', { fields: { Status: 'Exploded' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'InvalidFieldValue');
    const empty = await v1('PATCH', '/tickets/143', { fields: { Title: '' } });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'MandatoryFieldMissing');
    const unknown = await v1('PATCH', '/tickets/143', { fields: { Status: 'Open' }, extra: 1 });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'ValidationError');
    assert.equal(ok(await v1('GET', '/tickets/143')).fields.Title, 'Update Email Id');
  });

  test('a change through /api/v1 is what L4 and K3 read next', async () => {
    const updated = ok(
      await v1('PATCH', '/tickets/143', { fields: { Title: 'Changed on the desk', Priority: 'High' } }),
    );
    assert.equal(updated.fields.Title, 'Changed on the desk');
    const l4 = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/143`,
      headers: auth(server.demo),
    });
    assert.equal(lsqField(l4, 'Title'), 'Changed on the desk');
    const k3 = await kap(server, 'get', tokens.get, {
      ticket_ids: SEED_TICKET_ID,
      conversation_type: '',
      history_type: '',
    });
    const details = (k3.json() as Array<{ task_details: { title: string } }>)[0]?.task_details;
    assert.equal(details?.title, 'Changed on the desk');
  });

  test('a change through L3 or K2 reads back here at once', async () => {
    const l3 = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/143/update`,
      headers: { ...auth(server.demo), 'content-type': 'application/json' },
      payload: JSON.stringify({
        TypeId: '1',
        Id: '143',
        RelatedTicketTypeId: 1,
        Fields: [{ SchemaName: 'Title', Value: 'Changed by L3' }],
      }),
    });
    assert.equal(l3.statusCode, 200, l3.body);
    assert.equal(ok(await v1('GET', '/tickets/143')).fields.Title, 'Changed by L3');
    const k2 = await kap(server, 'update', tokens.update, [{ ticket_id: SEED_TICKET_ID, sub_status: 'CL' }]);
    assert.equal(k2.statusCode, 200, k2.body);
    assert.equal(ok(await v1('GET', '/tickets/143')).fields.Status, 'Closed');
    ok(await v1('PATCH', '/tickets/143', { fields: { Status: 'Open' } }));
  });

  test('assign to a user of the tenant and unassign; another tenant user is refused like a made-up one', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const assigned = ok(await v1('PUT', '/tickets/143/assignee', { userId: agent.userId }));
    assert.equal(assigned.fields.RelatedAgentId, agent.userId);
    const l4 = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/143`,
      headers: auth(server.demo),
    });
    assert.equal(lsqField(l4, 'RelatedAgentId'), agent.userId);
    const unassigned = ok(await v1('PUT', '/tickets/143/assignee', { userId: null }));
    assert.equal(unassigned.fields.RelatedAgentId, null);
    const nobody = await v1('PUT', '/tickets/143/assignee', { userId: randomUUID() });
    assert.equal(nobody.statusCode, 400);
    assert.equal(nobody.json().error.code, 'ValidationError');
  });

  test('thread, notes and attachments: notes are in the thread, files carry signed URLs that download', async () => {
    const note = ok(await v1('POST', '/tickets/143/notes', { text: 'Called the customer back' }), 201);
    assert.equal(note.ticketNumber, 143);
    const thread = ok(await v1('GET', '/tickets/143/thread'));
    const entries = thread.entries as Array<{ kind: string; text: string | null; attachments: Array<{ url: string }> }>;
    assert.ok(entries.some((e) => e.kind === 'note' && e.text === 'Called the customer back'));
    assert.ok(entries.some((e) => e.kind === 'conversation'));
    const files = ok(await v1('GET', '/tickets/143/attachments')).attachments as Array<{
      url: string;
      fileName: string;
    }>;
    for (const file of files) {
      const url = new URL(file.url);
      const download = await server.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      assert.equal(download.statusCode, 200, `${file.fileName}: ${download.body.slice(0, 200)}`);
    }
    const blank = await v1('POST', '/tickets/143/notes', { text: '   ' });
    assert.equal(blank.statusCode, 400);
  });

  test('trash and restore (Admin): gone from every read while trashed, back afterwards; agents get 403', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    assert.equal((await v1('POST', '/tickets/143/trash', undefined, agent)).statusCode, 403);
    assert.deepEqual(ok(await v1('POST', '/tickets/143/trash')), { number: 143, key: '#143', trashed: true });
    assert.equal((await v1('GET', '/tickets/143')).statusCode, 404);
    const l4 = await server.app.inject({
      method: 'GET',
      url: `/api/tenants/${DEMO_ORG}/tickets/143`,
      headers: auth(server.demo),
    });
    assert.equal(l4.statusCode, 404);
    assert.equal((await v1('POST', '/tickets/143/trash')).statusCode, 404, 'already trashed');
    assert.deepEqual(ok(await v1('POST', '/tickets/%23143/restore')), { number: 143, key: '#143', trashed: false });
    assert.equal(ok(await v1('GET', '/tickets/143')).number, 143);
    assert.equal((await v1('POST', '/tickets/143/restore')).statusCode, 404, 'not in the trash');
  });

  test('users, keys, tokens (Admin): create, change role, issue and revoke', async () => {
    const created = ok(
      await v1('POST', '/users', { name: 'Meera', email: 'meera@edu101.example', role: 'Agent' }),
      201,
    );
    assert.equal(created.role, 'Agent');
    assert.equal(created.hasPassword, false);
    const dup = await v1('POST', '/users', { name: 'Meera 2', email: 'MEERA@edu101.example' });
    assert.equal(dup.statusCode, 400);
    assert.equal(ok(await v1('PATCH', `/users/${created.id}`, { role: 'Admin' })).role, 'Admin');
    const users = ok(await v1('GET', '/users')).users as Array<{ id: string }>;
    assert.ok(users.some((u) => u.id === created.id));
    const key = ok(await v1('POST', `/users/${created.id}/keys`), 201);
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(key) });
    assert.equal(ok(me).user.id, created.id);
    assert.equal((await v1('DELETE', `/keys/${encodeURIComponent(key.accessKey)}`)).statusCode, 204);
    assert.equal((await v1('GET', '/tickets/143', undefined, key)).statusCode, 401);
    const token = ok(await v1('POST', '/tokens', { api: 'get' }), 201);
    assert.ok((ok(await v1('GET', '/tokens')).tokens as Array<{ id: string }>).some((t) => t.id === token.id));
    assert.ok(!JSON.stringify(ok(await v1('GET', '/tokens'))).includes(token.token), 'no secret listed');
    assert.equal((await v1('DELETE', `/tokens/${token.id}`)).statusCode, 204);
  });

  test('GET /api/v1/me with a key pair names the key owner and tenant', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(server.demo) });
    const me = ok(res);
    assert.equal(me.auth, 'key');
    assert.equal(me.tenant.orgId, DEMO_ORG);
    assert.equal(me.user.role, 'Admin');
  });

  test('lookups and fields: everyone reads, Admins write', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const lookups = ok(await v1('GET', '/lookups', undefined, agent)).lookups as Array<{
      schemaName: string;
      values: string[];
    }>;
    assert.ok(lookups.find((l) => l.schemaName === 'Status')?.values.includes('Open'));
    const fields = ok(await v1('GET', '/fields', undefined, agent)).fields as Array<{ schemaName: string }>;
    assert.ok(fields.some((f) => f.schemaName === 'Title'));
    assert.equal((await v1('POST', '/fields', { name: 'Region', dataType: 'Text' }, agent)).statusCode, 403);
    const field = ok(await v1('POST', '/fields', { name: 'Region', dataType: 'Text' }), 201);
    assert.equal(field.schemaName, 'CustomData.Region');
    const set = ok(await v1('PUT', '/lookups/Priority', { values: ['Low', 'Medium', 'High', 'Urgent'] }));
    assert.deepEqual(set.values, ['Low', 'Medium', 'High', 'Urgent']);
  });

  test('errors: one JSON shape under /api/v1, unknown paths included', async () => {
    const none = await server.app.inject({ method: 'GET', url: '/api/v1/nowhere' });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().error.code, 'NotFound');
    const noAuth = await server.app.inject({ method: 'GET', url: `${V1}/tickets/143` });
    assert.equal(noAuth.statusCode, 401);
    assert.equal(noAuth.json().error.code, 'Unauthorized');
    const badRef = await v1('GET', '/tickets/not-a-ref');
    assert.equal(badRef.statusCode, 400);
    assert.equal(badRef.json().error.code, 'ValidationError');
  });
});
