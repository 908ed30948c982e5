import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqliteAdapter, Storage } from '@deskwire/server';
import { testTenant } from './test-tenant.js';

// The hot reads (CompiledOnce) run straight on the SQLite connection when it is free
// (storage/sqlite-adapter.ts): never inside another request's open transaction.
describe('sqlite: direct hot reads', () => {
  let dir: string;
  let storage: Storage;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-direct-'));
    storage = await Storage.open(new SqliteAdapter({ filename: join(dir, 'test.db') }));
    await storage.tenants.create(testTenant(7));
  });
  after(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a read during another request's open transaction never sees its uncommitted write", async () => {
    const committed = await storage.configGenerations.get(7);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written: () => void = () => {};
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const rolledBack = storage
      .transaction(async (tx) => {
        await tx.tenants.update(7, { name: 'Renamed, never committed' });
        written();
        await held;
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await wrote;
    // The rename moved the generation inside the transaction (migration 0007's trigger).
    const during = storage.configGenerations.get(7);
    const seenEarly = await Promise.race([during, new Promise((r) => setTimeout(() => r('waiting'), 50))]);
    assert.equal(seenEarly, 'waiting', 'the read waits for the transaction instead of reading inside it');
    release();
    assert.equal(await rolledBack, 'roll back');
    assert.equal(await during, committed);
    assert.equal((await storage.tenants.get(7))?.name, 'Org 7');
  });

  test('a read asked for after a write was asked for sees the write (it queues behind it)', async () => {
    const beforeRename = await storage.configGenerations.get(7);
    const renamed = storage.transaction((tx) => tx.tenants.update(7, { name: 'Org 7, renamed' }));
    const read = storage.configGenerations.get(7);
    await renamed;
    assert.ok((await read) > beforeRename);
  });

  test('a closed store reads nothing and leaves its file closed', async () => {
    const file = join(dir, 'closed.db');
    const other = await Storage.open(new SqliteAdapter({ filename: file }));
    assert.equal(await other.configGenerations.get(7), 0);
    await other.close();
    await assert.rejects(other.configGenerations.get(7));
  });

  test('outside a transaction a read sees what was just committed', async () => {
    const beforeRename = await storage.configGenerations.get(7);
    await storage.transaction((tx) => tx.tenants.update(7, { name: 'Org Seven' }));
    assert.ok((await storage.configGenerations.get(7)) > beforeRename);
  });
});
