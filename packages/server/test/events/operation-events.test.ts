import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '@deskwire/server';
import {
  EVENT_OPERATIONS,
  KAP_OPERATIONS,
  LSQ_OPERATIONS,
  NATIVE_OPERATION_LIST,
  OPERATION_EVENTS,
  SANDBOX_OPERATIONS,
} from '@deskwire/wire';
import type { LightMyRequestResponse } from 'fastify';
import { auth, DEMO_LEAD, DEMO_ORG, documentedCreateBody } from '../helpers/test-server.js';
import { createKapTicket, issueTokens, kap, type Tokens } from '../kapture/kapture-test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from '../sandbox/sandbox-server.js';

/**
 * The catalogue table test (issue 18): every write operation of LSQ_OPERATIONS, KAP_OPERATIONS,
 * SANDBOX_OPERATIONS, EVENT_OPERATIONS and NATIVE_OPERATIONS (/api/v1) is run once, and the events it emitted (those whose origin
 * names it) must be exactly its entry in OPERATION_EVENTS. The list of operations comes from the
 * catalogue, so a new write operation without a request here or a mapping there fails.
 */
const WRITE_OPERATIONS = [
  ...Object.values(LSQ_OPERATIONS),
  ...Object.values(KAP_OPERATIONS),
  // Before the sandbox's: its resets empty the demo tenant these use.
  ...NATIVE_OPERATION_LIST,
  ...Object.values(SANDBOX_OPERATIONS),
  ...Object.values(EVENT_OPERATIONS),
]
  .filter((op) => op.kind === 'write')
  .map((op) => op.name);

const ORG = 7070;
const SCRATCH = 7071;

interface Ctx {
  server: SandboxServer;
  /** A user of the demo tenant who signs in with PASSWORD. */
  agentId: string;
  tokens: Tokens;
  keys: { accessKey: string; secretKey: string };
}

type Run = (ctx: Ctx) => Promise<LightMyRequestResponse>;

const lsq = (ctx: Ctx, method: 'POST' | 'PUT', path: string, payload: unknown) =>
  ctx.server.app.inject({
    method,
    url: `/api/tenants/${DEMO_ORG}${path}`,
    headers: auth(ctx.server.demo),
    payload: payload as object,
  });
const v1 = (ctx: Ctx, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: unknown) =>
  ctx.server.app.inject({
    method,
    url: `/api/v1/tenants/${DEMO_ORG}${path}`,
    headers: auth(ctx.server.demo),
    ...(payload !== undefined && { payload: payload as object }),
  });
const PASSWORD = 'correct horse battery staple';
const AGENT_EMAIL = 'agent@table.example';
const signIn = (ctx: Ctx) =>
  ctx.server.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: AGENT_EMAIL, password: PASSWORD }),
  });
const newLsqTicket = async (ctx: Ctx) =>
  (await lsq(ctx, 'POST', '/tickets', documentedCreateBody(DEMO_LEAD))).json().Id as string;
const newWebhook = async (ctx: Ctx) =>
  (await v1(ctx, 'POST', '/webhooks', { url: 'https://hooks.invalid/deskwire' })).json().webhook.id as string;

/** One plain request per write operation (one ticket, no files). */
const REQUESTS: Record<string, Run> = {
  'lsq.createTicket': (ctx) => lsq(ctx, 'POST', '/tickets', documentedCreateBody(DEMO_LEAD)),
  'lsq.updateTicket': async (ctx) => {
    const id = await newLsqTicket(ctx);
    return lsq(ctx, 'PUT', `/tickets/${id}/update`, {
      TypeId: '1',
      Id: id,
      LeadId: DEMO_LEAD,
      Fields: [{ SchemaName: 'Status', Value: 'On Hold' }],
      RelatedTicketTypeId: 1,
    });
  },
  'lsq.addInternalNote': (ctx) =>
    lsq(ctx, 'POST', '/internalnote/upload', {
      TextPart: 'Resolve this ticket ASAP.',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: 143,
    }),
  'lsq.addPortalActivity': (ctx) =>
    lsq(ctx, 'POST', '/ticket/143/portal/activity', { Text: 'From the portal', Direction: 'INBOUND' }),
  'lsq.trashTickets': async (ctx) => lsq(ctx, 'PUT', '/tickets/trash', { TicketIds: [await newLsqTicket(ctx)] }),
  'kapture.createTicket': (ctx) => kap(ctx.server, 'add', ctx.tokens.add, [{ title: 'From Kapture' }]),
  'kapture.updateTicket': async (ctx) => {
    const id = await createKapTicket(ctx.server, ctx.tokens, { title: 'To route' });
    return kap(ctx.server, 'update', ctx.tokens.update, [{ ticket_id: id, queue: 'L1' }]);
  },
  'kapture.addCustomer': (ctx) =>
    kap(ctx.server, 'addCustomer', ctx.tokens.addCustomer, [{ name: 'Meena', email: 'meena@example.com' }]),
  'sandbox.createTenant': (ctx) => ctx.server.admin('POST', '/tenants', { orgId: SCRATCH, name: 'Scratch' }),
  'sandbox.updateTenant': (ctx) => ctx.server.admin('PATCH', `/tenants/${ORG}`, { apiEnabled: false }),
  'sandbox.deleteTenant': (ctx) => ctx.server.admin('DELETE', `/tenants/${SCRATCH}`),
  'sandbox.resetTenant': (ctx) => ctx.server.admin('POST', `/tenants/${ORG}/reset`, {}),
  'sandbox.resetAll': (ctx) => ctx.server.admin('POST', '/reset', { keepConfig: true }),
  'sandbox.createUser': (ctx) => ctx.server.admin('POST', `/tenants/${ORG}/users`, { role: 'Agent' }),
  'sandbox.createKey': async (ctx) => {
    const user = (await ctx.server.admin('POST', `/tenants/${ORG}/users`, {})).json() as {
      user?: { id: string };
      id?: string;
    };
    return ctx.server.admin('POST', `/tenants/${ORG}/users/${user.user?.id ?? user.id}/keys`);
  },
  'sandbox.revokeKey': (ctx) => ctx.server.admin('DELETE', `/tenants/${ORG}/keys/${ctx.keys.accessKey}`),
  'sandbox.setLookup': (ctx) =>
    ctx.server.admin('PUT', `/tenants/${ORG}/lookups/Status`, { values: ['Open', 'Closed'] }),
  'sandbox.addField': (ctx) => ctx.server.admin('POST', `/tenants/${ORG}/fields`, { name: 'Region', dataType: 'Text' }),
  'sandbox.createToken': (ctx) => ctx.server.admin('POST', `/tenants/${ORG}/tokens`, { api: 'get' }),
  'sandbox.revokeToken': async (ctx) => {
    const token = (await ctx.server.admin('POST', `/tenants/${ORG}/tokens`, { api: 'get' })).json() as { id: string };
    return ctx.server.admin('DELETE', `/tenants/${ORG}/tokens/${token.id}`);
  },
  'sandbox.seedTicket': (ctx) =>
    ctx.server.admin('POST', `/tenants/${ORG}/tickets`, {
      lead: { email: 'a@example.com' },
      fields: { Title: 'Seed' },
    }),
  'sandbox.seedConversation': async (ctx) => {
    const number = await sandboxTicket(ctx.server, ORG);
    return ctx.server.admin('POST', `/tenants/${ORG}/tickets/${number}/conversations`, {
      type: 'InboundEmail',
      text: 'Hello',
    });
  },
  'sandbox.clearRequests': (ctx) => ctx.server.admin('DELETE', `/tenants/${ORG}/requests`),
  'sandbox.addFaultRule': (ctx) =>
    ctx.server.admin('POST', '/faults', { id: 'table-test', operation: 'lsq.getTicket', respond: { status: 503 } }),
  'sandbox.removeFaultRule': (ctx) => ctx.server.admin('DELETE', '/faults/table-test'),
  'sandbox.clearFaultRules': (ctx) => ctx.server.admin('DELETE', '/faults'),
  'sandbox.createWebhook': (ctx) =>
    ctx.server.admin('POST', `/tenants/${ORG}/webhooks`, { url: 'https://hooks.invalid/s' }),
  'sandbox.deleteWebhook': async (ctx) => {
    const hook = (
      await ctx.server.admin('POST', `/tenants/${ORG}/webhooks`, { url: 'https://hooks.invalid/d' })
    ).json();
    return ctx.server.admin('DELETE', `/tenants/${ORG}/webhooks/${hook.webhook.id}`);
  },
  'sandbox.redeliverWebhook': async (ctx) => {
    const hook = (
      await ctx.server.admin('POST', `/tenants/${ORG}/webhooks`, { url: 'https://hooks.invalid/r' })
    ).json();
    return ctx.server.admin('POST', `/tenants/${ORG}/webhooks/${hook.webhook.id}/redeliver`, { fromSequence: 1 });
  },
  'sandbox.addMailbox': (ctx) =>
    ctx.server.admin('POST', `/tenants/${ORG}/mailboxes`, { address: 'help@table.example' }),
  'sandbox.removeMailbox': async (ctx) => {
    await ctx.server.admin('POST', `/tenants/${ORG}/mailboxes`, { address: 'gone@table.example' });
    return ctx.server.admin('DELETE', `/tenants/${ORG}/mailboxes/gone@table.example`);
  },
  'v1.signIn': (ctx) => signIn(ctx),
  'v1.signOut': async (ctx) => {
    const cookie = (await signIn(ctx)).headers['set-cookie'];
    const session = Array.isArray(cookie) ? cookie[0] : cookie;
    const csrf = (
      await ctx.server.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: session ?? '' } })
    ).json().csrfToken as string;
    return ctx.server.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie: session ?? '', 'x-deskwire-csrf': csrf },
    });
  },
  'v1.updateTicket': async (ctx) =>
    v1(ctx, 'PATCH', `/tickets/${await newLsqTicket(ctx)}`, { fields: { Status: 'On Hold' } }),
  'v1.assignTicket': async (ctx) =>
    v1(ctx, 'PUT', `/tickets/${await newLsqTicket(ctx)}/assignee`, { userId: ctx.agentId }),
  'v1.trashTicket': async (ctx) => v1(ctx, 'POST', `/tickets/${await newLsqTicket(ctx)}/trash`),
  'v1.restoreTicket': async (ctx) => {
    const id = await newLsqTicket(ctx);
    await v1(ctx, 'POST', `/tickets/${id}/trash`);
    return v1(ctx, 'POST', `/tickets/${id}/restore`);
  },
  'v1.addNote': (ctx) => v1(ctx, 'POST', '/tickets/143/notes', { text: 'A note from the desk' }),
  'v1.replyToCustomer': async (ctx) => {
    await ctx.server.admin('POST', `/tenants/${DEMO_ORG}/mailboxes`, { address: 'support@table.example' });
    return v1(ctx, 'POST', '/tickets/143/replies', { text: 'Thanks, on it.' });
  },
  'v1.createUser': (ctx) => v1(ctx, 'POST', '/users', { name: 'Table Test', email: 'table@example.com' }),
  'v1.updateUser': async (ctx) => {
    const user = (await v1(ctx, 'POST', '/users', { name: 'Renamed', email: 'rename@example.com' })).json();
    return v1(ctx, 'PATCH', `/users/${user.id}`, { name: 'Renamed Again' });
  },
  'v1.createKey': async (ctx) => {
    const user = (await v1(ctx, 'POST', '/users', { name: 'Keyed', email: 'keyed@example.com' })).json();
    return v1(ctx, 'POST', `/users/${user.id}/keys`);
  },
  'v1.revokeKey': async (ctx) => {
    const user = (await v1(ctx, 'POST', '/users', { name: 'Revoked', email: 'revoked@example.com' })).json();
    const key = (await v1(ctx, 'POST', `/users/${user.id}/keys`)).json();
    return v1(ctx, 'DELETE', `/keys/${encodeURIComponent(key.accessKey)}`);
  },
  'v1.createToken': (ctx) => v1(ctx, 'POST', '/tokens', { api: 'get' }),
  'v1.revokeToken': async (ctx) => {
    const token = (await v1(ctx, 'POST', '/tokens', { api: 'get' })).json();
    return v1(ctx, 'DELETE', `/tokens/${token.id}`);
  },
  'v1.setLookup': (ctx) => v1(ctx, 'PUT', '/lookups/Status', { values: ['Open', 'On Hold', 'Resolved', 'Closed'] }),
  'v1.addField': (ctx) => v1(ctx, 'POST', '/fields', { name: 'Region', dataType: 'Text' }),
  'v1.addMailbox': (ctx) => v1(ctx, 'POST', '/mailboxes', { address: 'desk@table.example' }),
  'v1.removeMailbox': async (ctx) => {
    await v1(ctx, 'POST', '/mailboxes', { address: 'old-desk@table.example' });
    return v1(ctx, 'DELETE', '/mailboxes/old-desk@table.example');
  },
  'v1.setPresence': (ctx) => v1(ctx, 'PUT', '/tickets/143/presence', { activity: 'replying' }),
  'v1.leavePresence': (ctx) => v1(ctx, 'DELETE', '/tickets/143/presence'),
  'v1.addFaultRule': (ctx) =>
    v1(ctx, 'POST', '/sandbox/faults', { operation: 'lsq.getTicket', probability: 0, respond: { status: 503 } }),
  'v1.removeFaultRule': async (ctx) => {
    const rule = (await v1(ctx, 'POST', '/sandbox/faults', { operation: 'lsq.*', probability: 0, drop: true })).json();
    return v1(ctx, 'DELETE', `/sandbox/faults/${rule.id}`);
  },
  'v1.createWebhook': (ctx) => v1(ctx, 'POST', '/webhooks', { url: 'https://hooks.invalid/a' }),
  'v1.updateWebhook': async (ctx) => v1(ctx, 'PATCH', `/webhooks/${await newWebhook(ctx)}`, { enabled: false }),
  'v1.deleteWebhook': async (ctx) => v1(ctx, 'DELETE', `/webhooks/${await newWebhook(ctx)}`),
  'v1.redeliverWebhook': async (ctx) =>
    v1(ctx, 'POST', `/webhooks/${await newWebhook(ctx)}/redeliver`, { fromSequence: 1, toSequence: 2 }),
};

describe('every write operation of the catalogue emits exactly its documented events', () => {
  let ctx: Ctx;
  before(async () => {
    const server = await startSandboxServer();
    await server.unlimit();
    const keys = await sandboxTenant(server, ORG);
    const agent = await createUser(
      { orgId: DEMO_ORG, name: 'Table Agent', email: AGENT_EMAIL, role: 'Agent', password: PASSWORD },
      server.deskwire,
    );
    ctx = { server, keys, agentId: agent.user.id, tokens: await issueTokens(server) };
  });
  after(() => ctx.server.close());

  test('the table covers the catalogue: a request and a documented list for every write operation', () => {
    assert.deepEqual(Object.keys(REQUESTS).sort(), [...WRITE_OPERATIONS].sort());
    assert.deepEqual(Object.keys(OPERATION_EVENTS).sort(), [...WRITE_OPERATIONS].sort());
  });

  for (const name of WRITE_OPERATIONS) {
    test(name, async () => {
      const run = REQUESTS[name];
      assert.ok(run, `no request for ${name}`);
      const before = new Map<number, number>();
      for (const org of [DEMO_ORG, ORG]) before.set(org, await ctx.server.deskwire.storage.events.lastSequence(org));
      const res = await run(ctx);
      assert.ok(res.statusCode < 300, `${name}: ${res.statusCode} ${res.body}`);
      const emitted: string[] = [];
      for (const org of [DEMO_ORG, ORG]) {
        const events = await ctx.server.deskwire.storage.events.list(org, before.get(org) ?? 0, 1000);
        emitted.push(...events.filter((e) => e.origin.operation === name).map((e) => e.type));
      }
      assert.deepEqual(emitted, OPERATION_EVENTS[name], name);
    });
  }
});
