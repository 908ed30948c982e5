import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { BIN, runCli, tempDataDir } from './helpers/run-cli.js';

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
const POSTGRES_URL = process.env.DESKWIRE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * `deskwire serve` WITHOUT --migrate (run-cli.ts's startServe always adds it): resolves with the URL
 * once it listens, after which the process is killed, or with the exit code and stderr if it refused.
 */
function serveWithoutMigrate(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ url?: string; code?: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DESKWIRE_'))),
      ...extraEnv,
    };
    const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve neither listened nor exited in time\n${stderr}`));
    }, 20_000);
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ url: stdout.slice(0, stdout.indexOf('\n')), stderr });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/**
 * What undoes the newest migration of ALL (the last entry), to make a store that is one migration behind,
 * per engine (0017-search-document-inline: SQLite has nothing to undo; PostgreSQL's documents go back to
 * the default storage).
 */
const UNDO_NEWEST: Readonly<Record<'sqlite' | 'postgres', readonly string[]>> = {
  sqlite: [],
  postgres: ['alter table ticket_search alter column document set storage extended'],
};

describe('deskwire migrate and serve on SQLite', () => {
  test("serve creates and migrates a fresh data dir without --migrate (docs/sandbox.md's first command)", async () => {
    const { dir, remove } = await tempDataDir();
    try {
      const fresh = join(dir, 'new-dir');
      const started = await serveWithoutMigrate(['--data-dir', fresh]);
      assert.match(started.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, started.stderr);
      const status = await runCli(['migrate', '--status', '--json', '--data-dir', fresh]);
      assert.deepEqual(JSON.parse(status.stdout), { applied: ALL, pending: [], unknown: [] });
    } finally {
      await remove();
    }
  });

  test('serve refuses a store that is behind without --migrate (exit 2, names `deskwire migrate`)', async () => {
    const { dir, remove } = await tempDataDir();
    try {
      assert.equal((await runCli(['migrate', '--data-dir', dir])).code, 0);
      // Back to the schema of a build without the newest migration: its row and its index removed.
      const last = ALL[ALL.length - 1] ?? '';
      const db = new SQLite(join(dir, 'deskwire.db'));
      db.prepare('delete from kysely_migration where name = ?').run(last);
      for (const statement of UNDO_NEWEST.sqlite) db.exec(statement);
      db.close();
      const refused = await serveWithoutMigrate(['--data-dir', dir]);
      assert.equal(refused.url, undefined, 'did not listen');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^deskwire: the database schema is not current/m);
      assert.match(refused.stderr, new RegExp(`pending migrations: ${last}`));
      assert.match(refused.stderr, /run `deskwire migrate`/);
      // DESKWIRE_MIGRATE=1 (like --migrate) applies the migrations and serves.
      const started = await serveWithoutMigrate(['--data-dir', dir], { DESKWIRE_MIGRATE: '1' });
      assert.match(started.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, started.stderr);
      assert.equal((await runCli(['migrate', '--data-dir', dir])).stdout, 'the schema is current; nothing to apply\n');
    } finally {
      await remove();
    }
  });

  test('migrate reports, applies, is idempotent; serve then starts without --migrate', async () => {
    const { dir, remove } = await tempDataDir();
    try {
      const before = await runCli(['migrate', '--status', '--json', '--data-dir', dir]);
      assert.equal(before.code, 0, before.stderr);
      assert.deepEqual(JSON.parse(before.stdout), { applied: [], pending: ALL, unknown: [] });
      const text = await runCli(['migrate', '--status', '--data-dir', dir]);
      assert.match(text.stdout, new RegExp(`^pending: ${ALL.join(', ')}$`, 'm'));

      const first = await runCli(['migrate', '--data-dir', dir]);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, ALL.map((name) => `applied ${name}\n`).join(''));
      const second = await runCli(['migrate', '--data-dir', dir]);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, 'the schema is current; nothing to apply\n');
      const after = await runCli(['migrate', '--status', '--json', '--data-dir', dir]);
      assert.deepEqual(JSON.parse(after.stdout), { applied: ALL, pending: [], unknown: [] });

      const started = await serveWithoutMigrate(['--data-dir', dir]);
      assert.match(started.url ?? '', /^http:\/\//, started.stderr);
    } finally {
      await remove();
    }
  });

  test('a database migrated by a newer Deskwire: serve refuses even with --migrate, migrate refuses', async () => {
    const { dir, remove } = await tempDataDir();
    try {
      assert.equal((await runCli(['migrate', '--data-dir', dir])).code, 0);
      const db = new SQLite(join(dir, 'deskwire.db'));
      db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999-future', '2030-01-01');
      db.close();
      for (const args of [
        ['--data-dir', dir],
        ['--data-dir', dir, '--migrate'],
      ]) {
        const refused = await serveWithoutMigrate(args);
        assert.equal(refused.code, 2, refused.stderr);
        assert.match(
          refused.stderr,
          /this database was migrated by a newer Deskwire \(unknown migrations: 9999-future\)/,
        );
        assert.match(refused.stderr, /upgrade Deskwire/);
      }
      const migrate = await runCli(['migrate', '--data-dir', dir]);
      assert.equal(migrate.code, 2);
      assert.match(migrate.stderr, /newer Deskwire/);
      const status = await runCli(['migrate', '--status', '--data-dir', dir]);
      assert.equal(status.code, 0);
      assert.match(status.stdout, /^unknown: 9999-future$/m);
    } finally {
      await remove();
    }
  });
});

describe('deskwire migrate and serve on PostgreSQL', () => {
  test('--database: serve creates a new schema, refuses one that is behind until migrate ran; a bad URL is refused', async () => {
    const schema = `dw_test_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    const { dir, remove } = await tempDataDir();
    try {
      // An empty schema is a new store: serve creates and migrates it.
      const first = await serveWithoutMigrate(['--data-dir', dir, '--database', url]);
      assert.match(first.url ?? '', /^http:\/\//, first.stderr);
      assert.equal((await runCli(['migrate', '--database', url])).stdout, 'the schema is current; nothing to apply\n');
      // A schema that is behind (the newest migration undone) is refused until migrate ran.
      const last = ALL[ALL.length - 1] ?? '';
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`delete from "${schema}".kysely_migration where name = $1`, [last]);
        await client.query(`set search_path to "${schema}"`);
        for (const statement of UNDO_NEWEST.postgres) await client.query(statement);
      } finally {
        await client.end();
      }
      const refused = await serveWithoutMigrate(['--data-dir', dir, '--database', url]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /run `deskwire migrate`/);
      const migrated = await runCli(['migrate', '--database', url]);
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.equal(migrated.stdout, `applied ${last}\n`);
      assert.equal((await runCli(['migrate', '--database', url])).stdout, 'the schema is current; nothing to apply\n');
      const started = await serveWithoutMigrate(['--data-dir', dir, '--database', url]);
      assert.match(started.url ?? '', /^http:\/\//, started.stderr);

      const bad = await runCli(['migrate', '--database', 'mysql://localhost/x']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /postgres:\/\//);
    } finally {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
      await remove();
    }
  });
});
