import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteAdapter, type SqliteSynchronous, storageAdapterFor } from '@deskwire/server';
import { sql } from 'kysely';

// Issue 15 item 8: the default keeps every acknowledged write through a power loss (synchronous=FULL in
// WAL mode: the WAL is synced at every commit); NORMAL is an explicit, documented choice.

async function levelOf(adapter: SqliteAdapter): Promise<{ synchronous: number; journal: string }> {
  const db = adapter.connect();
  try {
    const synchronous = (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous;
    const journal = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows[0]?.journal_mode;
    return { synchronous: synchronous ?? -1, journal: journal ?? '' };
  } finally {
    await db.destroy();
  }
}

test('SQLite commits are synced (FULL, in WAL mode) unless configured otherwise', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-sync-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const filename = join(dir, 'deskwire.db');
  assert.deepEqual(await levelOf(new SqliteAdapter({ filename })), { synchronous: 2, journal: 'wal' });
  const expected: Record<SqliteSynchronous, number> = { normal: 1, full: 2, extra: 3 };
  for (const [level, value] of Object.entries(expected) as Array<[SqliteSynchronous, number]>) {
    assert.equal((await levelOf(new SqliteAdapter({ filename, synchronous: level }))).synchronous, value, level);
  }
  // Through the storage location, as `deskwire serve --sqlite-synchronous` and DESKWIRE_SQLITE_SYNCHRONOUS set it.
  const viaLocation = storageAdapterFor({ dataDir: dir, sqliteSynchronous: 'normal' });
  assert.ok(viaLocation instanceof SqliteAdapter);
  assert.equal((await levelOf(viaLocation)).synchronous, 1);
  assert.throws(
    () => new SqliteAdapter({ filename, synchronous: 'off' as SqliteSynchronous }),
    /unknown SQLite synchronous level 'off'/,
  );
});
