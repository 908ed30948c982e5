import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  appliedFaultId,
  buildApp,
  createApiKey,
  createTenant,
  type Deskwire,
  openDeskwire,
  type ServerOptions,
  seedDemo,
  updateTenant,
} from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../storage/postgres-test-schema.js';
import { responseMismatch, type SeenResponse } from './openapi-responses.js';

/**
 * The storage engine test servers use: `sqlite` (default) or `postgres` (DESKWIRE_TEST_BACKEND=postgres;
 * each server then gets a fresh schema in the test database, dropped on close). scripts/run-tests.mjs
 * runs the HTTP suites once per engine.
 */
export const TEST_BACKEND: 'sqlite' | 'postgres' =
  process.env.DESKWIRE_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** `{ skip }` for a test that is about SQLite itself (its file, its locking), on the PostgreSQL run. */
export function sqliteOnly(reason: string): { skip?: string } {
  return TEST_BACKEND === 'postgres' ? { skip: `SQLite-specific: ${reason}` } : {};
}

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface TestServer {
  app: FastifyInstance;
  deskwire: Deskwire;
  dataDir: string;
  /** On PostgreSQL, the schema the server's tables live in (for tests that write behind its back). */
  schema: string | undefined;
  /** Admin keys of org 22824 (the demo tenant, with ticket #143). */
  demo: Keys;
  /** Everything the server logged, as text. */
  logs: () => string;
  /** Lifts the demo tenant's rate limit, for suites that make many calls. */
  unlimit: () => Promise<void>;
  /** Moves the server's clock (signed URL expiry). */
  advanceClock: (ms: number) => void;
  close: () => Promise<void>;
}

export const DEMO_ORG = 22824;

/** Headers for a key pair. */
export function auth(keys: Keys): Record<string, string> {
  return { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };
}

/** A fresh data directory with the demo tenant, served in-process (no port), logging to memory. */
export async function startTestServer(options: ServerOptions & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'deskwire-test-')));
  let offset = 0;
  const schema = TEST_BACKEND === 'postgres' ? freshSchemaName(process.env.DESKWIRE_TEST_SCHEMA_PREFIX) : undefined;
  const deskwire = await openDeskwire({
    dataDir,
    now: () => new Date(Date.now() + offset),
    ...(schema !== undefined && { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema }),
  });
  const demo = await seedDemo(deskwire);
  const logStream = new PassThrough();
  let logText = '';
  logStream.on('data', (chunk: Buffer) => {
    logText += chunk.toString('utf8');
  });
  const app = await buildApp(deskwire, { logLevel: 'info', logStream, ...options });
  const openApi = checkAgainstOpenApi(app);
  return {
    app,
    deskwire,
    dataDir,
    schema,
    demo: { accessKey: demo.accessKey, secretKey: demo.secretKey },
    logs: () => logText,
    advanceClock: (ms) => {
      offset += ms;
    },
    unlimit: async () => {
      await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1_000_000, windowMs: 1000 } } }, deskwire);
    },
    close: async () => {
      await app.close();
      const mismatches = openApi.check();
      if (mismatches.length > 0) {
        throw new Error(`responses that contradict docs/openapi.json:\n${mismatches.join('\n')}`);
      }
      await deskwire.close();
      if (schema !== undefined) await dropSchema(schema);
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs every response of the app through the OpenAPI document (helpers/openapi-responses.ts): the
 * responses are kept as they are sent and checked in batches (and at `close()`), so compiling the
 * document's schemas never slows a request under test (rate-limit windows, latency). `check()`
 * returns what the document does not describe; `close()` fails with it. Canned fault-rule
 * responses are the test's own, not the API's, and are left out.
 */
function checkAgainstOpenApi(app: FastifyInstance): { check: () => string[] } {
  const mismatches = new Set<string>();
  let pending: SeenResponse[] = [];
  const check = (): string[] => {
    for (const seen of pending) {
      const mismatch = responseMismatch(seen);
      if (mismatch !== undefined) mismatches.add(mismatch);
    }
    pending = [];
    return [...mismatches];
  };
  app.addHook('onSend', async (request, reply, payload) => {
    if (appliedFaultId(request) !== undefined) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload) && payload !== null && payload !== undefined) {
      return payload; // a stream (downloads): not JSON
    }
    const contentType = reply.getHeader('content-type');
    pending.push({
      method: request.method,
      routeUrl: request.routeOptions.url,
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      body: payload === null || payload === undefined ? '' : payload.toString(),
    });
    if (pending.length >= 2000) check();
    return payload;
  });
  return { check };
}

/** A second tenant with an Admin key, for isolation tests. */
export async function addTenant(server: TestServer, orgId: number, name = `Tenant ${orgId}`): Promise<Keys> {
  const created = await createTenant({ orgId, name }, server.deskwire);
  return { accessKey: created.accessKey, secretKey: created.secretKey };
}

/** An Agent key of a tenant. */
export async function addAgentKey(server: TestServer, orgId: number): Promise<Keys & { userId: string }> {
  const created = await createApiKey({ orgId, role: 'Agent', name: 'Test agent' }, server.deskwire);
  return { accessKey: created.accessKey, secretKey: created.secretKey, userId: created.user.id };
}

/** The documented L1 create body (https://apidocs.leadsquared.com/create-tickets/) for a lead. */
export function documentedCreateBody(leadId: string) {
  return {
    TypeId: '1',
    LeadId: leadId,
    Fields: [
      { SchemaName: 'Title', Value: 'Ticket creation through APIs' },
      { SchemaName: 'Description', Value: 'This ticket was created using the Attachments API' },
      { SchemaName: 'Status', Value: 'Open' },
      { SchemaName: 'Priority', Value: 'Low' },
      { SchemaName: 'Channel', Value: 'Email' },
    ],
    RelatedTicketTypeId: 1,
  };
}

/** The demo lead (the seed's `LeadId`). */
export const DEMO_LEAD = '330fba67-6795-46c2-9dad-077794077f70';

/** Builds a multipart/form-data body by hand, so tests control every byte (names, order, sizes). */
export function multipart(
  parts: Array<{ name: string; value: string } | { name: string; filename: string; content: Buffer; type?: string }>,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----deskwire${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(part.content, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
