import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type Deskwire, openDeskwire, seedDemo, updateTenant } from '@deskwire/server';
import type { FastifyInstance } from 'fastify';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../storage/postgres-test-schema.js';
import { DEMO_ORG, type Keys, TEST_BACKEND } from './test-server.js';

/** One server instance: its own `openDeskwire` (connection or pool, caches) and app. */
export interface Instance {
  deskwire: Deskwire;
  app: FastifyInstance;
}

export interface TwoInstances {
  /** The instance the tests read through. */
  server: Instance;
  /** The "other process" (another server, an admin command): changes go through it. */
  other: Instance;
  /** Admin keys of the demo tenant (org 22824, ticket #143). */
  demo: Keys;
  close(): Promise<void>;
}

/**
 * Two instances on one fresh store (a data directory, and on PostgreSQL a schema of its own), as two
 * servers or a server and an admin command share one: the demo tenant is seeded through `other` and its
 * rate limit lifted. For the tests that whatever one instance commits, the other's next request sees.
 */
export async function openTwoInstances(tmpPrefix: string): Promise<TwoInstances> {
  const dataDir = await mkdtemp(join(tmpdir(), tmpPrefix));
  const schema = TEST_BACKEND === 'postgres' ? freshSchemaName() : undefined;
  const open = async (): Promise<Instance> => {
    const deskwire = await openDeskwire({
      dataDir,
      ...(schema !== undefined && { databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema }),
    });
    return { deskwire, app: await buildApp(deskwire, { logLevel: false, publicDemoKeys: true }) };
  };
  const server = await open();
  const other = await open();
  const seeded = await seedDemo(other.deskwire);
  await updateTenant({ orgId: DEMO_ORG, patch: { rateLimit: { max: 1_000_000, windowMs: 1000 } } }, other.deskwire);
  return {
    server,
    other,
    demo: { accessKey: seeded.accessKey, secretKey: seeded.secretKey },
    async close() {
      for (const instance of [server, other]) {
        await instance.app.close();
        await instance.deskwire.close();
      }
      if (schema !== undefined) await dropSchema(schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
