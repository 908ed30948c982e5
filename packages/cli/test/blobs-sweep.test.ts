import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { openDeskwire } from '@deskwire/server';
import { fixture } from './helpers/fixture.js';
import { BIN, runCli, runCliJson, startServe } from './helpers/run-cli.js';

const HOUR = 3600_000;

/**
 * A data dir holding unattached content as a crash leaves it: one file idle for 2 h, one fresh, and a
 * partial upload in blobs/tmp idle for 2 h. Returns their hashes.
 */
async function crashLeftovers(dataDir: string): Promise<{ old: string; fresh: string }> {
  const deskwire = await openDeskwire({ dataDir });
  try {
    const store = async (label: string) => {
      const put = await deskwire.blobs.put(Readable.from([Buffer.from(`${label} ${randomUUID()}`)]));
      deskwire.blobs.release(put.sha256);
      return put.sha256;
    };
    const old = await store('old orphan');
    const fresh = await store('fresh orphan');
    const past = new Date(Date.now() - 2 * HOUR);
    await utimes(join(dataDir, 'blobs', 'sha256', old.slice(0, 2), old.slice(2, 4), old), past, past);
    await mkdir(join(dataDir, 'blobs', 'tmp'), { recursive: true });
    await writeFile(join(dataDir, 'blobs', 'tmp', 'crashed-upload'), 'partial');
    await utimes(join(dataDir, 'blobs', 'tmp', 'crashed-upload'), past, past);
    return { old, fresh };
  } finally {
    await deskwire.close();
  }
}

async function has(dataDir: string, hash: string): Promise<boolean> {
  const names = await readdir(join(dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash.slice(2, 4))).catch(
    (): string[] => [],
  );
  return names.includes(hash);
}

test('blobs sweep: the default grace (1h) takes old leftovers only; --older-than 0 the rest', async (t) => {
  const f = await fixture(t);
  const { old, fresh } = await crashLeftovers(f.dataDir);

  const first = await runCli(['blobs', 'sweep', '--data-dir', f.dataDir]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stdout,
    'Scanned 2 stored file(s): deleted 1 unreferenced, kept 1\nRemoved 1 stale temporary upload(s)\n',
  );
  assert.equal(await has(f.dataDir, old), false);
  assert.equal(await has(f.dataDir, fresh), true);

  const second = await runCliJson(['blobs', 'sweep', '--data-dir', f.dataDir, '--older-than', '0', '--json']);
  assert.deepEqual(second, { scanned: 1, deleted: 1, kept: 0, temporaryDeleted: 0 });
  assert.equal(await has(f.dataDir, fresh), false);
});

test('blobs sweep refuses a duration without a unit (exit 2), naming the accepted forms', async (t) => {
  const f = await fixture(t);
  const result = await runCli(['blobs', 'sweep', '--data-dir', f.dataDir, '--older-than', '60']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /'60' is not a duration such as 30m, 1h or 0/);
});

test('serve sweeps shortly after start (DESKWIRE_BLOB_SWEEP_GRACE, --blob-sweep-interval) and logs what it removed', async (t) => {
  const f = await fixture(t);
  const { old, fresh } = await crashLeftovers(f.dataDir);
  const server = await startServe(['--data-dir', f.dataDir, '--blob-sweep-interval', '1s'], {
    env: { DESKWIRE_BLOB_SWEEP_GRACE: '30m' },
  });
  t.after(() => server.kill());
  await server.waitForStderr(/"msg":"blob sweep"/, 20_000);
  assert.match(server.stderr(), /"blobSweep":\{"scanned":2,"deleted":1,"kept":1,"temporaryDeleted":1\}/);
  assert.equal(await has(f.dataDir, old), false);
  assert.equal(await has(f.dataDir, fresh), true, 'younger than the 30m grace');
  const stopped = await server.stop('SIGTERM');
  assert.equal(stopped.code, 0, 'the sweeper stops with the server');
});

test('serve refuses a malformed DESKWIRE_BLOB_SWEEP_GRACE before it listens (exit 2)', async (t) => {
  const f = await fixture(t);
  const env: NodeJS.ProcessEnv = { ...process.env, DESKWIRE_BLOB_SWEEP_GRACE: 'an hour' };
  const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--migrate', '--data-dir', f.dataDir], {
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /DESKWIRE_BLOB_SWEEP_GRACE: 'an hour' is not a duration/);
  assert.equal(result.stdout, '', 'never printed a URL');
});
