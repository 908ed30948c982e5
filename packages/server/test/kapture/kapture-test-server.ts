import { readFile } from 'node:fs/promises';
import { createApiToken } from '@deskwire/server';
import type { KapTokenApi as TokenApi } from '@deskwire/wire';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_ORG, type TestServer } from '../helpers/test-server.js';

/** The Kapture paths, one per token API (vendor-apis.md §2). */
export const KAP_PATH: Readonly<Record<TokenApi, string>> = {
  get: '/search-ticket-by-ticket-id.html/v.2.0',
  add: '/add-ticket-from-other-source.html/v.2.0',
  update: '/update-ticket-from-other-source.html/v.2.0',
  pull: '/select-ticket-between-start-and-end-dates.html/v.2.0',
  addCustomer: '/add-update-customer-from-other-source.html',
  getCustomer: '/search-customer-by-customer-id.html',
};

/** The vendor example's ticket: the demo's #143 carries its ids. */
export const SEED_TICKET_ID = '713516551148';
export const SEED_TASK_ID = 530348198;

export type Tokens = Record<TokenApi, string>;

/** One token per API for a tenant (default: the demo tenant). */
export async function issueTokens(server: TestServer, orgId = DEMO_ORG): Promise<Tokens> {
  const issue = async (api: TokenApi) => (await createApiToken({ orgId, api }, server.deskwire)).token;
  return {
    get: await issue('get'),
    add: await issue('add'),
    update: await issue('update'),
    pull: await issue('pull'),
    addCustomer: await issue('addCustomer'),
    getCustomer: await issue('getCustomer'),
  };
}

/** A Kapture call: `POST <path>` with `Authorization: Basic <token>` and a JSON body. */
export function kap(
  server: TestServer,
  api: TokenApi,
  token: string | undefined,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: KAP_PATH[api],
    headers: {
      ...(token !== undefined && { authorization: `Basic ${token}` }),
      ...(payload !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

/** A vendor fixture (packages/server/test/fixtures). */
export async function fixture<T = unknown>(name: string): Promise<T> {
  return JSON.parse(await readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** `dd-MM-yyyy HH:mm`, the read format. */
export const KAP_DATE = /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$/;

/** Today's date in the default zone (+05:30), `YYYY-MM-DD`, for K4 over tickets created just now. */
export function todayIst(now = new Date()): string {
  return new Date(now.getTime() + 330 * 60_000).toISOString().slice(0, 10);
}

/** A K1 create that must succeed; returns its `ticket_id`. */
export async function createKapTicket(
  server: TestServer,
  tokens: Tokens,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await kap(server, 'add', tokens.add, [body]);
  if (res.statusCode !== 200) throw new Error(`K1 failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { ticket_id: string }).ticket_id;
}
