import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAdapter, Storage } from '@deskwire/server';
import { runStorageSuite } from './storage-suite.js';

runStorageSuite('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-storage-'));
  const open = () => Storage.open(new SqliteAdapter({ filename: join(dir, 'test.db') }));
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
      await rm(dir, { recursive: true, force: true });
    },
  };
});
