import type { ServerOptions } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import { auth, type Keys, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The admin token of the sandbox test servers. */
export const TOKEN = 'sandbox-test-token-0123456789';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface SandboxServer extends TestServer {
  /** A call to `/_deskwire{path}` with the admin token. */
  admin: (method: Method, path: string, payload?: unknown) => Promise<LightMyRequestResponse>;
  /** A LeadSquared call to `/api/tenants/{orgId}{path}` with a tenant's keys. */
  lsq: (keys: Keys, orgId: number, method: Method, path: string, payload?: unknown) => Promise<LightMyRequestResponse>;
}

/** `startTestServer` (demo tenant included) with the sandbox controls on and logs off. */
export async function startSandboxServer(options: ServerOptions = {}): Promise<SandboxServer> {
  const server = await startTestServer({ logLevel: false, adminToken: TOKEN, ...options });
  return {
    ...server,
    admin: (method, path, payload) =>
      server.app.inject({
        method,
        url: `/_deskwire${path}`,
        headers: { authorization: `Bearer ${TOKEN}` },
        ...(payload !== undefined && { payload: payload as object }),
      }),
    lsq: (keys, orgId, method, path, payload) =>
      server.app.inject({
        method,
        url: `/api/tenants/${orgId}${path}`,
        headers: auth(keys),
        ...(payload !== undefined && { payload: payload as object }),
      }),
  };
}

/** Creates a tenant through the sandbox and returns its admin keys. */
export async function sandboxTenant(server: SandboxServer, orgId: number, extra: object = {}): Promise<Keys> {
  const res = await server.admin('POST', '/tenants', { orgId, name: `Tenant ${orgId}`, ...extra });
  if (res.statusCode !== 201) throw new Error(`tenant ${orgId}: ${res.statusCode} ${res.body}`);
  const { accessKey, secretKey } = res.json();
  return { accessKey, secretKey };
}

/** Seeds a ticket through the sandbox; returns its number. */
export async function sandboxTicket(server: SandboxServer, orgId: number, body: object = {}): Promise<number> {
  const res = await server.admin('POST', `/tenants/${orgId}/tickets`, {
    lead: { email: 'lead@example.com' },
    fields: { Title: 'Seeded ticket' },
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`ticket in ${orgId}: ${res.statusCode} ${res.body}`);
  return res.json().number;
}
