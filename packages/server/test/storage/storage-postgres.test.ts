import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PostgresAdapter, Storage } from '@deskwire/server';
import pg from 'pg';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres-test-schema.js';
import { runStorageSuite } from './storage-suite.js';
import { testTenant } from './test-tenant.js';
import { runTicketSearchSuite } from './ticket-search-suite.js';

runStorageSuite('postgres', async () => {
  const schema = freshSchemaName();
  const open = () => Storage.open(new PostgresAdapter({ connectionString: TEST_POSTGRES_URL, schema }));
  const storage = await open();
  let current = storage;
  return {
    storage,
    reopen: async () => {
      current = await open();
      return current;
    },
    cleanup: async () => {
      await current.close().catch(() => {});
      await dropSchema(schema);
    },
  };
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
