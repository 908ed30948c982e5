// The write floor on SQLite: how many commits a second this machine's disk allows, one small row per
// transaction, in WAL mode at each `synchronous` level Deskwire offers (`full`, its default, and `extra` sync the
// log at every commit, so an acknowledged write survives a power loss; `normal` does not). An acknowledged write
// is one transaction (docs/reliability.md), and SQLite commits one writer at a time, so without merging several
// requests into one transaction no server on this store acknowledges writes faster than this.
// Run: node --import tsx bench/sqlite-commit-floor.ts   Env: SECONDS (3 per level), ROUNDS (3); the files go to
// the operating system's temporary directory (TMPDIR), so point that at the disk to measure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { median } from './lib/stats.js';

const seconds = Number(process.env.SECONDS ?? 3);
const rounds = Number(process.env.ROUNDS ?? 3);
const levels = ['normal', 'full', 'extra'] as const;

const dir = await mkdtemp(join(tmpdir(), 'deskwire-commit-floor-'));
try {
  const rates = new Map<string, number[]>(levels.map((level) => [level, []]));
  for (let round = 0; round < rounds; round++) {
    for (const level of levels) {
      const db = new Database(join(dir, `${level}-${round}.db`));
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${level}`);
      db.exec('create table t (id integer primary key, body text not null)');
      const insert = db.prepare('insert into t (body) values (?)');
      const body = 'x'.repeat(512);
      let commits = 0;
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) {
        insert.run(body); // outside an explicit transaction: one commit each
        commits++;
      }
      db.close();
      rates.get(level)?.push(commits / seconds);
    }
  }
  console.log(`${rounds} rounds of ${seconds} s per level, one 512-byte row per commit, WAL, in ${tmpdir()}:`);
  for (const [level, values] of rates) {
    console.log(
      `  synchronous=${level}: ${Math.round(median(values))} commits/s (rounds ${values.map(Math.round).join(', ')})`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
