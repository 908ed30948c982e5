import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PostgresAdapter, Storage, storageAdapterFor } from '@deskwire/server';
import { sql } from 'kysely';
import pg from 'pg';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres-test-schema.js';
import { runStorageSuite } from './storage-suite.js';
import { reopenableStore } from './storage-suite-fixture.js';
import { testTenant } from './test-tenant.js';
import { runTicketSearchSuite } from './ticket-search-suite.js';

// Twice: as deployed, and with prepared statements off (behind a pooler that cannot keep them), where the hot
// reads, the shared version checks among them, take Kysely's way instead.
for (const preparedStatements of [true, false]) {
  runStorageSuite(preparedStatements ? 'postgres' : 'postgres, prepared statements off', async () => {
    const schema = freshSchemaName();
    return reopenableStore(
      () => Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema, preparedStatements })),
      () => dropSchema(schema),
    );
  });
}

// The hot reads (CompiledOnce) run as named prepared statements outside a transaction (storage/postgres-adapter.ts):
// planned once per connection instead of on every call. One pooled connection, so the session seen is theirs.
describe('postgres: hot reads as prepared statements', () => {
  const schema = freshSchemaName();
  let storage: Storage;
  const prepared = async () =>
    (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(storage.settings.db)).rows
      .map((r) => r.name)
      .filter((name) => name.startsWith('dw_'));
  before(async () => {
    storage = await Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 1 }));
    await storage.tenants.create(testTenant(7));
  });
  after(async () => {
    await storage.close();
    await dropSchema(schema);
  });

  test("inside a transaction a hot read takes the transaction's way and prepares nothing", async () => {
    const generation = await storage.transaction(async (tx) => {
      await tx.tenants.update(7, { name: 'Renamed in the transaction' });
      // Sees the transaction's own write: it ran on the transaction's connection.
      return tx.configGenerations.get(7);
    });
    assert.ok(generation > 0);
    assert.deepEqual(await prepared(), []);
  });

  test('outside one it is prepared once on its connection and answers as before, with later commits', async () => {
    const before = await storage.configGenerations.get(7);
    assert.equal(await storage.configGenerations.get(7), before);
    const names = await prepared();
    assert.equal(names.length, 1, names.join(', '));
    await storage.tenants.update(7, { name: 'Renamed again' });
    assert.ok((await storage.configGenerations.get(7)) > before, 'a commit after preparing is seen');
    assert.deepEqual(await prepared(), names, 'the same statement, not prepared again');
  });

  const backend = async () =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(storage.settings.db)).rows[0]?.pid;

  test('a migration adding a column leaves the prepared ticket reads working on their connection', async () => {
    const ticket = await storage.tickets.find(7, { number: 1 });
    const pid = await backend();
    await sql`alter table tickets add column added_later text`.execute(storage.settings.db);
    assert.deepEqual(await storage.tickets.find(7, { number: 1 }), ticket);
    assert.equal(await backend(), pid, 'no error closed the connection: the statements name their columns');
  });

  test('a statement gone stale (its result type changed, or a pooler dropped it) is read again, unprepared', async () => {
    const generation = await storage.configGenerations.get(7);
    await sql`alter table config_generations alter column generation type numeric`.execute(storage.settings.db);
    assert.equal(Number(await storage.configGenerations.get(7)), generation, 'after 0A000');
    assert.equal(Number(await storage.configGenerations.get(7)), generation, 'prepared afresh on the next connection');
    await sql`deallocate all`.execute(storage.settings.db);
    assert.equal(Number(await storage.configGenerations.get(7)), generation, 'after 26000');
    await storage.configGenerations.get(7);
    const [name] = await prepared();
    assert.equal((await prepared()).length, 1, 'prepared again on the fresh connection');
    // A server session that already holds the name (a pooler handed it over from another client): 42P05.
    await sql`deallocate all`.execute(storage.settings.db);
    await storage.configGenerations.get(7); // 26000: that connection closed, the next one fresh
    await sql.raw(`prepare ${name} as select 1`).execute(storage.settings.db);
    assert.equal(Number(await storage.configGenerations.get(7)), generation, 'after 42P05');
  });

  test('`?prepared_statements=off` in the database URL turns them off; any other value is refused', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set('schema', schema);
    url.searchParams.set('prepared_statements', 'off');
    const off = await Storage.open(storageAdapterFor({ dataDir: '/nonexistent', databaseUrl: url.toString() }));
    try {
      await off.configGenerations.get(7);
      const names = (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(off.settings.db))
        .rows;
      assert.deepEqual(names, []);
    } finally {
      await off.close();
    }
    url.searchParams.set('prepared_statements', 'no');
    assert.throws(
      () => storageAdapterFor({ dataDir: '/nonexistent', databaseUrl: url.toString() }),
      /prepared_statements in the database URL must be on or off, not 'no'/,
    );
  });
});

describe('postgres: ticket numbers across processes', () => {
  const schema = freshSchemaName();
  const open = (poolSize: number) =>
    Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema, poolSize }));
  let a: Storage;
  let b: Storage;
  before(async () => {
    a = await open(5);
    b = await open(5);
    await a.tenants.create(testTenant(7));
  });
  after(async () => {
    await a.close();
    await b.close();
    await dropSchema(schema);
  });

  test('100 concurrent allocations through two pools yield exactly 1..100', async () => {
    // Each allocation holds its transaction open a moment after taking the number, so the two pools'
    // transactions overlap and the row lock (not luck) is what keeps the numbers apart.
    const allocate = (storage: Storage) =>
      storage.transaction(async (tx) => {
        const number = await tx.tenants.allocateTicketNumber(7);
        await tx.settings.get('anything');
        return number;
      });
    const numbers = await Promise.all(Array.from({ length: 100 }, (_, i) => allocate(i % 2 === 0 ? a : b)));
    assert.deepEqual(
      [...numbers].sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.equal(new Set(numbers).size, 100);
    // Both pools did work: each opened connections.
    assert.ok((a.poolStats()?.total ?? 0) > 0);
    assert.ok((b.poolStats()?.total ?? 0) > 0);
  });

  test('a rolled-back allocation leaves no gap', async () => {
    await assert.rejects(
      a.transaction(async (tx) => {
        await tx.tenants.allocateTicketNumber(7);
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal(await b.transaction((tx) => tx.tenants.allocateTicketNumber(7)), 101);
  });

  test('poolStats reports the pool', () => {
    const stats = a.poolStats();
    assert.ok(stats);
    assert.ok(stats.total <= 5);
    assert.equal(stats.waiting, 0);
  });
});

runTicketSearchSuite('postgres', async () => {
  const schema = freshSchemaName();
  const open = () => Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema }));
  let current = await open();
  return {
    storage: current,
    reopen: async () => {
      current = await open();
      return current;
    },
    exec: async (statements) => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`set search_path to "${schema}"`);
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      await current.close().catch(() => {});
      await dropSchema(schema);
    },
  };
});

describe('postgres: search documents', () => {
  test('each ticket_search document is kept in its row (storage main, migration 0017), not moved to TOAST first', async () => {
    const schema = freshSchemaName();
    const storage = await Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema }));
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select a.attname, a.attstorage from pg_attribute a join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relname = 'ticket_search' and a.attname in ('document', 'body', 'notes')
          order by a.attname`,
        [schema],
      );
      // The plain text (snippets) goes out of the row first; the document only if the row cannot fit without it.
      assert.deepEqual(
        rows.map((r) => [r.attname, r.attstorage]),
        [
          ['body', 'x'],
          ['document', 'm'],
          ['notes', 'x'],
        ],
      );
    } finally {
      await client.end();
      await storage.close();
      await dropSchema(schema);
    }
  });
});
