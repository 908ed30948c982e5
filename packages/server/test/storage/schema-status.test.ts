import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PostgresAdapter, SchemaNotCurrentError, SqliteAdapter, Storage, type StorageAdapter } from '@deskwire/server';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres-test-schema.js';

const ALL = [
  '0001-initial',
  '0002-ticket-history',
  '0003-kapture',
  '0004-attachment-ticket-index',
  '0007-config-generations',
  '0009-email-channel',
  '0010-ticket-search',
  '0011-agent-sessions',
  '0012-event-log',
  '0014-ticket-versions',
  '0016-record-versions',
  '0017-search-document-inline',
];
const NEWER = '9999-from-the-future';

interface Engine {
  adapter: () => StorageAdapter;
  /** Records a migration this build does not know, as a newer Deskwire would have. */
  recordUnknownMigration: () => Promise<void>;
  cleanup: () => Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-schema-'));
  const filename = join(dir, 'deskwire.db');
  return {
    adapter: () => new SqliteAdapter({ filename }),
    recordUnknownMigration: async () => {
      const db = new SQLite(filename);
      db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(NEWER, new Date().toISOString());
      db.close();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresEngine(): Promise<Engine> {
  const schema = freshSchemaName();
  return {
    adapter: () => new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema }),
    recordUnknownMigration: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`insert into "${schema}".kysely_migration (name, timestamp) values ($1, $2)`, [
        NEWER,
        new Date().toISOString(),
      ]);
      await client.end();
    },
    cleanup: () => dropSchema(schema),
  };
}

for (const [name, make] of [
  ['sqlite', sqliteEngine],
  ['postgres', postgresEngine],
] as const) {
  describe(`schema status and explicit migrations: ${name}`, () => {
    const engines: Engine[] = [];
    const engine = async () => {
      const e = await make();
      engines.push(e);
      return e;
    };
    after(async () => {
      for (const e of engines) await e.cleanup();
    });

    test('a fresh database: require-current refuses, naming the pending migrations and `deskwire migrate`', async () => {
      const e = await engine();
      const error = await Storage.open(e.adapter(), { migrations: 'require-current' }).then(
        () => assert.fail('opened'),
        (err: unknown) => err,
      );
      assert.ok(error instanceof SchemaNotCurrentError);
      assert.equal(error.code, 'SCHEMA_NOT_CURRENT');
      assert.equal(error.reason, 'pending');
      assert.deepEqual(error.status, { applied: [], pending: ALL, unknown: [] });
      assert.match(error.message, /deskwire migrate/);
    });

    test('status, migrate and idempotence without applying on open', async () => {
      const e = await engine();
      const storage = await Storage.open(e.adapter(), { migrations: 'none' });
      try {
        assert.deepEqual(await storage.schemaStatus(), { applied: [], pending: ALL, unknown: [] });
        assert.deepEqual(await storage.migrate(), ALL);
        assert.deepEqual(await storage.migrate(), []);
        assert.deepEqual(await storage.schemaStatus(), { applied: ALL, pending: [], unknown: [] });
      } finally {
        await storage.close();
      }
      const current = await Storage.open(e.adapter(), { migrations: 'require-current' });
      await current.close();
    });

    test('a database migrated by a newer build is refused in both modes, and by migrate', async () => {
      const e = await engine();
      await (await Storage.open(e.adapter())).close();
      await e.recordUnknownMigration();
      for (const migrations of ['apply', 'require-current'] as const) {
        await assert.rejects(Storage.open(e.adapter(), { migrations }), (err: unknown) => {
          assert.ok(err instanceof SchemaNotCurrentError);
          assert.equal(err.reason, 'newer');
          assert.deepEqual(err.status.unknown, [NEWER]);
          assert.match(err.message, /migrated by a newer Deskwire.*upgrade/);
          return true;
        });
      }
      const storage = await Storage.open(e.adapter(), { migrations: 'none' });
      try {
        await assert.rejects(storage.migrate(), SchemaNotCurrentError);
      } finally {
        await storage.close();
      }
    });
  });
}
