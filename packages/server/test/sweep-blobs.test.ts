import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sweepBlobs } from '@deskwire/server';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  multipart,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const HOUR = 3600_000;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const unique = (label: string) => Buffer.from(`${label} ${randomUUID()}\n`);

/**
 * The orphan sweep (core/sweep-blobs.ts) on an in-process Deskwire: SQLite, or PostgreSQL with
 * DESKWIRE_TEST_BACKEND=postgres (the reference queries run on the engine); blobs on disk, whose
 * files the test ages with utimes, as time would.
 */
describe('sweepBlobs', () => {
  let server: TestServer;
  const blobPath = (hash: string) => join(server.dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
  const age = (path: string, ms: number) => utimes(path, new Date(Date.now() - ms), new Date(Date.now() - ms));
  /** Stores content as an upload would, without attaching it; `keepPin` leaves it pinned. */
  const store = async (content: Buffer, keepPin = false) => {
    const put = await server.deskwire.blobs.put(Readable.from([content]));
    if (!keepPin) server.deskwire.blobs.release(put.sha256);
    return put.sha256;
  };

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('deletes only old, unreferenced, unpinned content, and old temporary uploads', async () => {
    // Referenced: attached to a ticket through the API.
    const attached = unique('attached');
    const { payload, headers } = multipart([
      { name: 'ticketDTO', value: JSON.stringify(documentedCreateBody(DEMO_LEAD)) },
      { name: 'files', filename: 'kept.txt', content: attached },
    ]);
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: { ...auth(server.demo), ...headers },
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    const referenced = sha256(attached);
    const orphanOld = await store(unique('orphan old'));
    const orphanNew = await store(unique('orphan new'));
    const pinned = await store(unique('pinned'), true);
    for (const hash of [referenced, orphanOld, pinned]) await age(blobPath(hash), 2 * HOUR);
    const tmp = join(server.dataDir, 'blobs', 'tmp');
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'crashed-upload'), 'partial');
    await age(join(tmp, 'crashed-upload'), 2 * HOUR);
    await writeFile(join(tmp, 'upload-in-flight'), 'partial');

    let listed = 0;
    for await (const _ of server.deskwire.blobs.list()) listed += 1;
    const result = await sweepBlobs({ olderThan: new Date(Date.now() - HOUR) }, server.deskwire);

    assert.deepEqual(result, { scanned: listed, deleted: 1, kept: listed - 1, temporaryDeleted: 1 });
    assert.equal(await server.deskwire.blobs.has(orphanOld), false, 'old and unreferenced: deleted');
    assert.equal(await server.deskwire.blobs.has(referenced), true, 'referenced by a row: kept however old');
    assert.equal(await server.deskwire.blobs.has(orphanNew), true, 'younger than the grace: kept');
    assert.equal(await server.deskwire.blobs.has(pinned), true, 'pinned by an upload in this process: kept');
    assert.deepEqual((await readdir(tmp)).sort(), ['upload-in-flight'], 'only the stale temporary upload went');

    // Once its upload ends (unattached, as if the request failed), the pinned content goes too.
    server.deskwire.blobs.release(pinned);
    const again = await sweepBlobs({ olderThan: new Date(Date.now() - HOUR) }, server.deskwire);
    assert.deepEqual(again, { scanned: listed - 1, deleted: 1, kept: listed - 2, temporaryDeleted: 0 });
    assert.equal(await server.deskwire.blobs.has(pinned), false);

    // Of the three, only the attached one has a row (the batch query the sweep relies on).
    const stored = await server.deskwire.storage.activities.referencedBlobs([referenced, orphanNew, pinned]);
    assert.deepEqual([...stored], [referenced]);
  });

  test('content reused by another upload is kept: reuse renews its modification time', async () => {
    const content = unique('reused');
    const hash = await store(content);
    await age(blobPath(hash), 2 * HOUR);
    // A second upload of the same bytes (here, or in another process) renews its modification time.
    await store(content);
    const result = await sweepBlobs({ olderThan: new Date(Date.now() - HOUR) }, server.deskwire);
    assert.equal(await server.deskwire.blobs.has(hash), true);
    assert.equal(result.deleted, 0);
  });

  test('referencedBlobs answers in one query for many hashes, and for none', async () => {
    const hashes = Array.from({ length: 1200 }, (_, i) => sha256(Buffer.from(`absent ${i}`)));
    assert.deepEqual(await server.deskwire.storage.activities.referencedBlobs(hashes), new Set());
    assert.deepEqual(await server.deskwire.storage.activities.referencedBlobs([]), new Set());
  });
});
