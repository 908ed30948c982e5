// A Deskwire server for the SDK's tests: a fresh data directory with the demo tenant (org 22824,
// ticket #143), driven in-process through `inject` (no port) or over loopback sockets (`listen`).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createApiKey, createApiToken, openDeskwire, seedDemo, updateTenant } from '@deskwire/server';
import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';

export const DEMO_ORG = 22824;
export const DEMO_LEAD = '330fba67-6795-46c2-9dad-077794077f70';
export const DEMO_TICKET_GUID = '03913666-6ab8-4355-9a50-a63fe3204d0a';
export const ADMIN_TOKEN = 'client-tests-admin-token';
/** The base URL the in-process fetch pretends to call. */
export const INJECT_HOST = 'http://deskwire.test';

type App = Awaited<ReturnType<typeof buildApp>>;

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface TestServer {
  app: App;
  /** Admin keys of the demo tenant. */
  demo: Keys;
  /** A `fetch` that answers through `app.inject` (honours `signal`). */
  fetch: typeof fetch;
  /** Listens on 127.0.0.1, a free port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Sets the demo tenant's budget (`false`: practically unlimited). */
  rateLimit(limit: { max: number; windowMs: number } | false): Promise<void>;
  /** Adds a sandbox fault rule (docs/sandbox.md); resolves with its id. */
  fault(rule: Record<string, unknown>): Promise<string>;
  clearFaults(): Promise<void>;
  /** The sandbox journal of the demo tenant, oldest first. */
  journal(): Promise<Array<{ at: string; operation: string | null; status: number; faultId: string | null }>>;
  agentKey(): Promise<Keys>;
  /** One Kapture token per API for the demo tenant, acting as `userName` (a new Agent) when given. */
  kaptureTokens(userName?: string): Promise<Record<KapTokenApi, string>>;
  /** Moves the server's clock (signed URL expiry). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-client-test-'));
  let offset = 0;
  const deskwire = await openDeskwire({ dataDir, now: () => new Date(Date.now() + offset) });
  const demo = await seedDemo(deskwire);
  const app = await buildApp(deskwire, { logLevel: false, adminToken: ADMIN_TOKEN });
  const admin = { 'x-deskwire-admin-token': ADMIN_TOKEN };
  return {
    app,
    demo: { accessKey: demo.accessKey, secretKey: demo.secretKey },
    fetch: injectFetch(app),
    listen: async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    },
    rateLimit: async (limit) => {
      const rateLimit = limit === false ? { max: 1_000_000, windowMs: 1000 } : limit;
      await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit } }, deskwire);
    },
    fault: async (rule) => {
      const res = await app.inject({ method: 'POST', url: '/_deskwire/faults', headers: admin, payload: rule });
      if (res.statusCode !== 201) throw new Error(`fault rule refused: ${res.statusCode} ${res.body}`);
      return (res.json() as { id: string }).id;
    },
    clearFaults: async () => {
      await app.inject({ method: 'DELETE', url: '/_deskwire/faults', headers: admin });
    },
    journal: async () => {
      const res = await app.inject({ method: 'GET', url: `/_deskwire/tenants/${DEMO_ORG}/requests`, headers: admin });
      if (res.statusCode !== 200) throw new Error(`journal: ${res.statusCode} ${res.body}`);
      return (res.json() as { requests: Awaited<ReturnType<TestServer['journal']>> }).requests;
    },
    agentKey: async () => {
      const created = await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: 'Test agent' }, deskwire);
      return { accessKey: created.accessKey, secretKey: created.secretKey };
    },
    kaptureTokens: async (userName) => {
      const userId = userName
        ? (await createApiKey({ orgId: DEMO_ORG, role: 'Agent', name: userName }, deskwire)).user.id
        : undefined;
      const tokens: Partial<Record<KapTokenApi, string>> = {};
      for (const api of KAP_TOKEN_APIS) {
        tokens[api] = (await createApiToken({ orgId: DEMO_ORG, api, ...(userId && { userId }) }, deskwire)).token;
      }
      return tokens as Record<KapTokenApi, string>;
    },
    advanceClock: (ms) => {
      offset += ms;
    },
    close: async () => {
      // Sockets left mid-exchange by dropped or timed-out calls would hold close() for seconds.
      app.server.closeAllConnections();
      await app.close();
      await deskwire.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A `fetch` over Fastify's `inject`: the request is built with the standard `Request` (so bodies,
 * FormData and streams are encoded exactly as real `fetch` would), then replayed in-process.
 */
export function injectFetch(app: App): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = request.signal;
    signal.throwIfAborted();
    const url = new URL(request.url);
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const injected = app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(payload && { payload }),
    });
    const res = await new Promise<Awaited<typeof injected>>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      injected.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new Response(empty ? null : res.rawPayload, { status: res.statusCode, headers });
  };
}

/** A loopback URL where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
