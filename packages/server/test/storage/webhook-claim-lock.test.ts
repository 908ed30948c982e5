import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqliteAdapter, Storage } from '@deskwire/server';
import SQLite from 'better-sqlite3';

// The webhook dispatcher runs a round after every commit (events/events-surface.ts); a round with nothing due
// reads that and stops, without the write lock its claiming UPDATE takes (storage/webhook-repository.ts).
describe('sqlite: a webhook round with nothing due', () => {
  let dir: string;
  let storage: Storage;
  let other: SQLite.Database;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskwire-claim-'));
    const filename = join(dir, 'test.db');
    storage = await Storage.open(new SqliteAdapter({ filename, busyTimeoutMs: 300 }));
    other = new SQLite(filename);
  });
  after(async () => {
    other.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('takes no write lock: it answers at once while another process holds it', async () => {
    other.exec('begin immediate');
    try {
      const now = new Date();
      const claimed = await storage.webhooks.claimDue('instance-a', now, new Date(now.getTime() + 60_000), 32);
      assert.deepEqual(claimed, []);
    } finally {
      other.exec('commit');
    }
  });
});
