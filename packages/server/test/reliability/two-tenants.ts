import { createHash } from 'node:crypto';
import { updateTenant } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import {
  addTenant,
  DEMO_LEAD,
  DEMO_ORG,
  type Keys,
  multipart,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';
import { issueTokens, KAP_PATH, type Tokens } from '../kapture/kapture-test-server.js';

/** The sandbox admin token of these servers (tenant keys must never open the controls). */
export const ADMIN_TOKEN = 'reliability-admin-token-0123456789';
export const ORG_B = 4242;

/** One tenant as an attacker or a victim sees it: credentials and the ids of its data. */
export interface TenantWorld {
  orgId: number;
  keys: Keys;
  tokens: Tokens;
  /** A live ticket's number, GUID and Kapture ticket id. */
  number: number;
  guid: string;
  kapId: string;
  /** A Kapture customer (K5) of the tenant: its number and email. */
  customerId: string;
  customerEmail: string;
  /** A signed download path (path + query) of one of its attachments. */
  download: string;
  /** A webhook endpoint of the tenant (its target never resolves) and one of its deliveries. */
  webhookId: string;
  deliveryId: string;
}

export interface TwoTenants {
  server: TestServer;
  a: TenantWorld;
  b: TenantWorld;
}

const KEYS_B_LEAD = [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'tenant-b-lead@example.com' }];

/** A test server with the demo tenant A (22824) and tenant B (4242), each with a ticket, a note and a file. */
export async function startTwoTenants(): Promise<TwoTenants> {
  const server = await startTestServer({ logLevel: false, adminToken: ADMIN_TOKEN });
  await server.unlimit();
  const keysB = await addTenant(server, ORG_B);
  await updateTenant({ orgId: ORG_B, patch: { rateLimit: { max: 1_000_000, windowMs: 1000 } } }, server.deskwire);
  const a = await populate(server, DEMO_ORG, server.demo, DEMO_LEAD);
  const b = await populate(server, ORG_B, keysB, KEYS_B_LEAD);
  return { server, a, b };
}

async function populate(server: TestServer, orgId: number, keys: Keys, lead: unknown): Promise<TenantWorld> {
  const headers = { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };
  // First, so that every change below is queued for it (`.invalid` never resolves: nothing is sent).
  const webhook = await server.app.inject({
    method: 'POST',
    url: `/api/v1/tenants/${orgId}/webhooks`,
    headers,
    payload: { url: `https://hooks-of-${orgId}.invalid/deskwire` },
  });
  if (webhook.statusCode !== 201) throw new Error(`webhook: ${webhook.statusCode} ${webhook.body}`);
  const webhookId = (webhook.json() as { webhook: { id: string } }).webhook.id;
  const form = multipart([
    {
      name: 'ticketDTO',
      value: JSON.stringify({
        TypeId: '1',
        LeadId: lead,
        Fields: [{ SchemaName: 'Title', Value: `secret of ${orgId}` }],
        RelatedTicketTypeId: 1,
      }),
    },
    { name: 'files', filename: `private-${orgId}.txt`, content: Buffer.from(`private bytes of ${orgId}`) },
  ]);
  const created = await server.app.inject({
    method: 'POST',
    url: `/api/tenants/${orgId}/tickets`,
    headers: { ...headers, ...form.headers },
    payload: form.payload,
  });
  must(created, 'create');
  const { Id, TicketId } = created.json() as { Id: string; TicketId: string };
  const number = Number(Id);
  must(
    await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${orgId}/internalnote/upload`,
      headers,
      payload: {
        TextPart: `note of ${orgId}`,
        ActivityType: 'CreateInternalNote',
        StorageType: 'Permament',
        RelatedTicketId: number,
      },
    }),
    'note',
  );
  must(
    await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${orgId}/ticket/${number}/portal/activity`,
      headers,
      payload: { Text: `portal message of ${orgId}`, Direction: 'INBOUND' },
    }),
    'portal',
  );
  const tokens = await issueTokens(server, orgId);
  // The Kapture id is the number plus a per-tenant base: take it from a K4 pull of today, not a guess.
  const pulled = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.pull,
    headers: { authorization: `Basic ${tokens.pull}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ start_date: todayIst(), end_date: todayIst(), limit: 500 }),
  });
  must(pulled, 'pull');
  const items = (pulled.json() as { message: Array<{ ticketId: string; title: string }> }).message;
  const mine = items.find((i) => i.title === `secret of ${orgId}`);
  if (!mine) throw new Error(`K4 did not list the ticket of ${orgId}`);
  const kapId = mine.ticketId;
  const got = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.get,
    headers: { authorization: `Basic ${tokens.get}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ ticket_ids: kapId }),
  });
  must(got, 'get');
  const url = (got.json() as Array<{ task_details: { attachments: Array<{ url: string }> } }>)[0]?.task_details
    .attachments[0]?.url;
  if (!url) throw new Error(`no attachment url for ${orgId}`);
  const download = new URL(url).pathname + new URL(url).search;
  const customerEmail = `customer-of-${orgId}@example.com`;
  const customer = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.addCustomer,
    headers: { authorization: `Basic ${tokens.addCustomer}`, 'content-type': 'application/json' },
    payload: JSON.stringify([{ name: `customer of ${orgId}`, email: customerEmail, city: `city of ${orgId}` }]),
  });
  must(customer, 'add customer');
  const customerId = (customer.json() as { 'Kapture Customer Id': string })['Kapture Customer Id'];
  const deliveries = await server.app.inject({
    method: 'GET',
    url: `/api/v1/tenants/${orgId}/webhooks/${webhookId}/deliveries`,
    headers,
  });
  must(deliveries, 'deliveries');
  const deliveryId = (deliveries.json() as { deliveries: Array<{ id: string }> }).deliveries[0]?.id;
  if (!deliveryId) throw new Error(`no delivery for ${orgId}`);
  return {
    orgId,
    keys,
    tokens,
    number,
    guid: TicketId,
    kapId,
    customerId,
    customerEmail,
    download,
    webhookId,
    deliveryId,
  };
}

function must(res: LightMyRequestResponse, what: string): void {
  if (res.statusCode !== 200) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
}

/** Today's date in the tenant zone (+05:30 default), for K4. */
function todayIst(now = new Date()): string {
  return new Date(now.getTime() + 330 * 60_000).toISOString().slice(0, 10);
}

/**
 * Everything tenant `t` can read about its data through its own credentials, with the parts that change by
 * themselves (signatures, expiries) removed: equal snapshots mean nobody else changed its data.
 */
export async function snapshot(server: TestServer, t: TenantWorld): Promise<string> {
  const headers = { 'x-lsq-access-key': t.keys.accessKey, 'x-lsq-secret-key': t.keys.secretKey };
  const lsqTicket = await server.app.inject({
    method: 'GET',
    url: `/api/tenants/${t.orgId}/tickets/${t.number}`,
    headers,
  });
  const conversations = await server.app.inject({
    method: 'POST',
    url: `/api/tenants/${t.orgId}/conversation/filter`,
    headers,
    payload: {
      TicketId: t.number,
      OrgId: t.orgId,
      ActivityType: ['InboundEmail', 'OutboundEmail', 'PortalInbound', 'PortalOutbound'],
    },
  });
  const kapture = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.pull,
    headers: { authorization: `Basic ${t.tokens.pull}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ start_date: todayIst(), end_date: todayIst(), limit: 500 }),
  });
  const ids = (kapture.json() as { message: Array<{ ticketId: string }> }).message.map((i) => i.ticketId).join(',');
  const full = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.get,
    headers: { authorization: `Basic ${t.tokens.get}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ ticket_ids: ids || '0', conversation_type: 'all', history_type: 'all' }),
  });
  const customer = await server.app.inject({
    method: 'POST',
    url: KAP_PATH.getCustomer,
    headers: { authorization: `Basic ${t.tokens.getCustomer}`, 'content-type': 'application/json' },
    payload: JSON.stringify([{ email_id: t.customerEmail }]),
  });
  const lookups = await server.app.inject({
    method: 'GET',
    url: `/api/tenants/${t.orgId}/lookups/Status/values`,
    headers,
  });
  const fields = await server.app.inject({
    method: 'POST',
    url: `/api/tenants/${t.orgId}/ticket-types/1/fields/filter`,
    headers,
    payload: { Limit: 100, Offset: 0, SearchText: '' },
  });
  const webhooks = await server.app.inject({ method: 'GET', url: `/api/v1/tenants/${t.orgId}/webhooks`, headers });
  const events = await server.app.inject({
    method: 'GET',
    url: `/api/v1/tenants/${t.orgId}/events?limit=500`,
    headers,
  });
  // Sandbox fault rules (the matrix gives each tenant one that never fires) and who is on the ticket.
  const faults = await server.app.inject({ method: 'GET', url: `/api/v1/tenants/${t.orgId}/sandbox/faults`, headers });
  const presence = await server.app.inject({
    method: 'GET',
    url: `/api/v1/tenants/${t.orgId}/tickets/${t.number}/presence`,
    headers,
  });
  const text = [lsqTicket, conversations, kapture, full, customer, lookups, fields, webhooks, events, faults, presence]
    .map((r) => `${r.statusCode} ${r.body}`)
    .join('\n');
  // Signed URLs carry an expiry that moves with the clock; the file bytes are compared by hash below.
  return text.replace(/(expires|signature)=[^"&\\]+/g, '$1=_');
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
