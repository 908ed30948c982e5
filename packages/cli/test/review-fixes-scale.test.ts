import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { openDeskwire } from '@deskwire/server';
import pg from 'pg';
import { fixture } from './helpers/fixture.js';
import { BIN, runCli } from './helpers/run-cli.js';
import { runWith, spawnCli } from './helpers/run-cli-env.js';

/** Regression tests of the scale-out review (blob sweep options): each failed before its fix. */

function serveSync(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--migrate', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    // Long enough to start; a server that started (the defect) is killed here and fails the test.
    timeout: 15_000,
  });
}

test('serve refuses a --blob-sweep-interval longer than a Node timer holds (it would sweep every millisecond)', async (t) => {
  const f = await fixture(t);
  const result = serveSync(['--data-dir', f.dataDir, '--blob-sweep-interval', '30d']);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /blob sweep interval may be at most 2147483647 ms/);
  assert.equal(result.stdout, '', 'never printed a URL');
});

test('serve refuses the same interval from DESKWIRE_BLOB_SWEEP_INTERVAL', async (t) => {
  const f = await fixture(t);
  const result = serveSync(['--data-dir', f.dataDir], { DESKWIRE_BLOB_SWEEP_INTERVAL: '25d' });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /blob sweep interval may be at most/);
});

test('blobs sweep refuses an --older-than past the Date range instead of deleting fresh content', async (t) => {
  const f = await fixture(t);
  const deskwire = await openDeskwire({ dataDir: f.dataDir });
  let fresh: string;
  try {
    const put = await deskwire.blobs.put(Readable.from([Buffer.from(`fresh ${randomUUID()}`)]));
    deskwire.blobs.release(put.sha256);
    fresh = put.sha256;
  } finally {
    await deskwire.close();
  }
  const result = await runCli(['blobs', 'sweep', '--data-dir', f.dataDir, '--older-than', '8700000000000000ms']);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /is too long/);
  const names = await readdir(join(f.dataDir, 'blobs', 'sha256', fresh.slice(0, 2), fresh.slice(2, 4)));
  assert.ok(names.includes(fresh), 'the fresh upload is still there');
});

test('a malformed boolean variable is a usage error that names it, not a silent exit 2', async (t) => {
  const f = await fixture(t);
  const sweep = await runWith(['blobs', 'sweep', '--data-dir', f.dataDir], {
    env: { DESKWIRE_S3_BUCKET: 'deskwire', DESKWIRE_S3_FORCE_PATH_STYLE: 'maybe' },
  });
  assert.equal(sweep.code, 2, sweep.stderr);
  assert.match(sweep.stderr, /DESKWIRE_S3_FORCE_PATH_STYLE: 'maybe' is not true or false/);

  const serve = await runWith(['serve', '--port', '0', '--migrate', '--data-dir', f.dataDir], {
    env: { DESKWIRE_TRUST_PROXY: 'maybe' },
    timeoutMs: 15_000,
  });
  assert.equal(serve.code, 2, serve.stderr);
  assert.match(serve.stderr, /DESKWIRE_TRUST_PROXY: 'maybe' is not true, false, a hop count/);
  assert.equal(serve.stdout, '', 'never printed a URL');
});

test('migrate --status changes nothing: a data dir that does not exist is reported, not created', async (t) => {
  const f = await fixture(t);
  const dataDir = join(f.dataDir, 'not-yet');
  const result = await runCli(['migrate', '--status', '--json', '--data-dir', dataDir]);
  assert.equal(result.code, 0, result.stderr);
  const status = JSON.parse(result.stdout) as { applied: string[]; pending: string[]; unknown: string[] };
  assert.deepEqual(status.applied, []);
  assert.ok(status.pending.includes('0001-initial'), result.stdout);
  assert.deepEqual(status.unknown, []);
  await assert.rejects(readdir(dataDir), { code: 'ENOENT' });
});

const POSTGRES_URL = process.env.DESKWIRE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

test('serve on PostgreSQL that fails after opening the store (a bad --metrics-token) closes its pool', async (t) => {
  const f = await fixture(t);
  const tag = `dw_review_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${tag}&application_name=${tag}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  t.after(async () => {
    await admin.query(`drop schema if exists "${tag}" cascade`);
    await admin.end();
  });
  const child = spawnCli(
    ['serve', '--port', '0', '--migrate', '--data-dir', f.dataDir, '--database', url, '--metrics-token', 'short'],
    {},
  );
  t.after(() => {
    child.kill('SIGKILL');
  });
  // The error line is written after the action failed: by then the store must have been closed.
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      if (stderr.includes('\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} without an error line`)));
  });
  // A closed pool's backends leave pg_stat_activity within moments; a leaked one stays for pg's 10 s idle timeout.
  let open = -1;
  for (let attempt = 0; attempt < 30 && open !== 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await admin.query<{ n: string }>(
      'select count(*) as n from pg_stat_activity where application_name = $1',
      [tag],
    );
    open = Number(rows[0]?.n);
  }
  assert.equal(open, 0, 'connections of the failed serve still open');
});
