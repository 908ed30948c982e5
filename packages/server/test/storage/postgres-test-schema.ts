import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests use: database `test` on loopback, trust auth (override with the env var). */
export const TEST_POSTGRES_URL = process.env.DESKWIRE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test run uses; the adapter creates it on open. */
export function freshSchemaName(prefix = 'dw_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
