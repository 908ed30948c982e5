import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  buildApp,
  type Deskwire,
  isTransientPostgresError,
  openDeskwire,
  PostgresAdapter,
  Storage,
  seedDemo,
} from '@deskwire/server';
import pg from 'pg';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres-test-schema.js';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected a failure'),
    (error: unknown) => error,
  );
}

describe('postgres: transient failures are 503s, other failures are not transient', () => {
  const schema = freshSchemaName();
  let dir: string;
  let deskwire: Deskwire;
  let demo: { accessKey: string; secretKey: string };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-pg-transient-'));
    deskwire = await openDeskwire({ dataDir: dir, databaseUrl: TEST_POSTGRES_URL, databaseSchema: schema });
    demo = await seedDemo(deskwire);
  });
  after(async () => {
    await deskwire.close();
    await dropSchema(schema);
    await rm(dir, { recursive: true, force: true });
  });

  test('a request that gets no pooled connection in time answers 503 with Retry-After', async () => {
    // One connection, held by an open transaction: the request's queries wait for it and time out.
    const storage = await Storage.open(
      new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 1, connectionTimeoutMs: 200 }),
    );
    const app = await buildApp({ ...deskwire, storage }, { logLevel: false });
    let release = () => {};
    const held = storage.transaction(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    try {
      assert.equal(storage.poolStats()?.total, 1);
      const res = await app.inject({
        method: 'GET',
        url: '/api/tenants/22824/tickets/143',
        headers: { 'x-lsq-access-key': demo.accessKey, 'x-lsq-secret-key': demo.secretKey },
      });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.headers['retry-after'], '1');
      assert.ok((storage.poolStats()?.waiting ?? 0) === 0, 'the timed-out request left the queue');
    } finally {
      release();
      await held;
      await app.close();
      await storage.close();
    }
  });

  test('connection refused is transient', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test' });
    const error = await failure(client.connect());
    assert.equal(isTransientPostgresError(error), true, String(error));
  });

  test('a deadlock is transient; a unique violation is not', async () => {
    const a = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    const b = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await a.connect();
    await b.connect();
    const table = `"${schema}".deadlock_probe`;
    try {
      await a.query(`create table ${table} (id int primary key, n int)`);
      await a.query(`insert into ${table} values (1, 0), (2, 0)`);
      await a.query('begin');
      await b.query('begin');
      await a.query(`update ${table} set n = 1 where id = 1`);
      await b.query(`update ${table} set n = 1 where id = 2`);
      // Each now waits for the other's row: PostgreSQL aborts one of them with 40P01.
      const results = await Promise.allSettled([
        a.query(`update ${table} set n = 2 where id = 2`),
        b.query(`update ${table} set n = 2 where id = 1`),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      assert.equal(rejected.length, 1);
      const deadlock = (rejected[0] as PromiseRejectedResult).reason as { code?: string };
      assert.equal(deadlock.code, '40P01');
      assert.equal(isTransientPostgresError(deadlock), true);
      await a.query('rollback');
      await b.query('rollback');

      const unique = await failure(a.query(`insert into ${table} values (1, 0)`));
      assert.equal((unique as { code?: string }).code, '23505');
      assert.equal(isTransientPostgresError(unique), false);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
