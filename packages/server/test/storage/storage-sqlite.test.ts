import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAdapter, Storage } from '@deskwire/server';
import SQLite from 'better-sqlite3';
import { runStorageSuite } from './storage-suite.js';
import { reopenableStore } from './storage-suite-fixture.js';
import { runTicketSearchSuite } from './ticket-search-suite.js';

runStorageSuite('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-storage-'));
  return reopenableStore(
    () => Storage.open(new SqliteAdapter({ filename: join(dir, 'test.db') })),
    () => rm(dir, { recursive: true, force: true }),
  );
});

runTicketSearchSuite('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-search-'));
  const filename = join(dir, 'test.db');
  const open = () => Storage.open(new SqliteAdapter({ filename }));
  let current = await open();
  return {
    storage: current,
    reopen: async () => {
      current = await open();
      return current;
    },
    exec: async (statements) => {
      const db = new SQLite(filename);
      try {
        for (const statement of statements) db.exec(statement);
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      await current.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
});
