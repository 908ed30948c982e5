import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobStore } from '@deskwire/server';

/** One store under test, with a view of what it keeps in its backing storage. */
export interface BlobStoreFixture {
  store: BlobStore;
  /** Objects stored under content names, and temporary (in-flight) objects, right now. */
  contents(): Promise<{ stored: number; tmp: number }>;
  /** Leaves a temporary upload in the backing storage, as a crash mid-upload does. */
  addTemporary(): Promise<void>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Content no other test writes, so de-duplication never hides what one test stored. */
function unique(label: string, size = 0): Buffer {
  const head = Buffer.from(`${label} ${randomUUID()}\n`);
  return size <= head.length ? head : Buffer.concat([head, Buffer.alloc(size - head.length, 0x61)]);
}

/** Streams `content` in `chunk`-sized pieces, as an upload arrives. */
function chunked(content: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < content.length; at += chunk) yield content.subarray(at, at + chunk);
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The `BlobStore` contract, run against every implementation (DiskBlobStore, S3BlobStore): what the
 * core relies on when it stores, dedupes, serves and discards attachment content.
 */
export function runBlobStoreSuite(name: string, open: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;
    before(async () => {
      fixture = await open();
      store = fixture.store;
    });
    after(() => fixture.close());

    test('ping resolves on a working store', async () => {
      await store.ping();
    });

    test('put streams content in, names it by SHA-256 and serves the same bytes back', async () => {
      const content = unique('put', 200_000);
      const before = await fixture.contents();
      const put = await store.put(chunked(content));
      store.release(put.sha256);
      assert.deepEqual(put, { sha256: sha256(content), size: content.length, created: true });
      assert.equal(await store.has(put.sha256), true);
      assert.deepEqual(await readAll(await store.open(put.sha256)), content);
      assert.deepEqual(await fixture.contents(), { stored: before.stored + 1, tmp: 0 });
    });

    test('content larger than one S3 part (6 MiB) arrives whole', async () => {
      const content = unique('big', 6 * MiB + 123);
      const put = await store.put(chunked(content, 256 * 1024));
      store.release(put.sha256);
      assert.equal(put.sha256, sha256(content));
      assert.equal(put.size, content.length);
      assert.equal(sha256(await readAll(await store.open(put.sha256))), put.sha256);
    });

    test('the same content twice is stored once; the second put reports created: false', async () => {
      const content = unique('dedupe');
      const first = await store.put(chunked(content));
      const before = await fixture.contents();
      const second = await store.put(chunked(content));
      store.release(first.sha256);
      store.release(second.sha256);
      assert.equal(first.created, true);
      assert.deepEqual(second, { sha256: first.sha256, size: content.length, created: false });
      assert.deepEqual(await fixture.contents(), before);
    });

    test('an empty file is content too', async () => {
      const put = await store.put(Readable.from([]));
      store.release(put.sha256);
      assert.equal(put.sha256, sha256(Buffer.alloc(0)));
      assert.equal(put.size, 0);
      assert.equal((await readAll(await store.open(put.sha256))).length, 0);
    });

    test('each put pins its content until released, counting puts', async () => {
      const content = unique('pins');
      const a = await store.put(chunked(content));
      const b = await store.put(chunked(content));
      assert.equal(store.isPinned(a.sha256), true);
      store.release(a.sha256);
      assert.equal(store.isPinned(a.sha256), true, 'the second put still holds it');
      store.release(b.sha256);
      assert.equal(store.isPinned(a.sha256), false);
    });

    test('delete removes content; open then rejects with BLOB_NOT_FOUND', async () => {
      const put = await store.put(chunked(unique('delete')));
      store.release(put.sha256);
      await store.delete(put.sha256);
      assert.equal(await store.has(put.sha256), false);
      await assert.rejects(store.open(put.sha256), { code: 'BLOB_NOT_FOUND' });
      await store.delete(put.sha256); // deleting what is gone is not an error
    });

    test('open of an unknown or malformed name rejects with BLOB_NOT_FOUND', async () => {
      await assert.rejects(store.open(sha256(unique('never stored'))), { code: 'BLOB_NOT_FOUND' });
      await assert.rejects(store.open('../../etc/passwd'), { code: 'BLOB_NOT_FOUND' });
    });

    test('a stream that fails midway rejects with its error and leaves no object and no temporary', async () => {
      const before = await fixture.contents();
      const cutOff = Object.assign(new Error('client went away'), { code: 'ERR_TEST_CUT_OFF' });
      const failing = Readable.from(
        (async function* () {
          // Past the first 5 MiB part, so an S3 multipart upload has begun and must be abandoned.
          for (let i = 0; i < 7; i += 1) yield Buffer.alloc(MiB, i);
          throw cutOff;
        })(),
      );
      await assert.rejects(store.put(failing), { code: 'ERR_TEST_CUT_OFF' });
      assert.deepEqual(await fixture.contents(), before);
    });

    test('list reports every stored content with its modification time', async () => {
      const from = Date.now() - 1000; // S3's LastModified has whole seconds
      const a = await store.put(chunked(unique('list a')));
      const b = await store.put(chunked(unique('list b')));
      store.release(a.sha256);
      store.release(b.sha256);
      const listed = new Map<string, Date>();
      for await (const blob of store.list()) listed.set(blob.sha256, blob.modifiedAt);
      assert.equal(listed.size, (await fixture.contents()).stored, 'one entry per stored content');
      for (const sha of [a.sha256, b.sha256]) {
        const at = listed.get(sha)?.getTime() ?? 0;
        assert.ok(at >= from && at <= Date.now() + 1000, `${sha} modified ${new Date(at).toISOString()}`);
      }
    });

    test('delete with unmodifiedSince keeps content written or reused after that instant', async () => {
      const content = unique('unmodified since');
      const put = await store.put(chunked(content));
      store.release(put.sha256);
      // A cutoff just before a whole second, then reuse after it: S3 keeps whole seconds, disk more.
      const boundary = Math.ceil(Date.now() / 1000) * 1000;
      const cutoff = new Date(boundary - 1);
      await sleep(boundary - Date.now() + 20);
      await store.delete(put.sha256, { unmodifiedSince: cutoff });
      assert.equal(await store.has(put.sha256), false, 'written before the cutoff: deleted');

      const again = await store.put(chunked(content));
      store.release(again.sha256);
      const boundary2 = Math.ceil(Date.now() / 1000) * 1000;
      await sleep(boundary2 - Date.now() + 20);
      const reuse = await store.put(chunked(content));
      store.release(reuse.sha256);
      assert.equal(reuse.created, false);
      await store.delete(put.sha256, { unmodifiedSince: new Date(boundary2 - 1) });
      assert.equal(await store.has(put.sha256), true, 'reused after the cutoff: kept');
      assert.deepEqual(await readAll(await store.open(put.sha256)), content);
      assert.equal((await fixture.contents()).tmp, 0, 'nothing left aside');
      await store.delete(put.sha256, { unmodifiedSince: new Date(Date.now() + 60_000) });
      assert.equal(await store.has(put.sha256), false);
    });

    test('sweepTemporary removes temporary uploads older than the cutoff, and only those', async () => {
      await fixture.addTemporary();
      assert.equal((await fixture.contents()).tmp, 1);
      assert.equal(await store.sweepTemporary(new Date(Date.now() - 60_000)), 0, 'a fresh one stays');
      assert.equal((await fixture.contents()).tmp, 1);
      const stored = (await fixture.contents()).stored;
      assert.equal(await store.sweepTemporary(new Date(Date.now() + 2_000)), 1);
      assert.deepEqual(await fixture.contents(), { stored, tmp: 0 }, 'stored content untouched');
    });

    test('a stream destroyed before put starts rejects at once', async () => {
      const source = new Readable({ read() {} });
      source.on('error', () => {}); // the error is what put must report, not an unhandled event
      source.destroy(Object.assign(new Error('gone'), { code: 'ERR_TEST_GONE' }));
      await assert.rejects(store.put(source), { code: 'ERR_TEST_GONE' });
    });
  });
}
