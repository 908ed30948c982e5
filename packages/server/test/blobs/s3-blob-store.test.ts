import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { contentDisposition, S3BlobStore, type S3BlobStoreOptions } from '@deskwire/server';
import { S3RVER_CREDENTIALS, type S3TestServer, startS3Server } from '../../../../test-support/s3-server.js';
import { runBlobStoreSuite } from './blob-store-suite.js';

const MiB = 1024 * 1024;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

let s3: S3TestServer;
/** A client of its own, for what the store never does itself (leave a temporary key, start a multipart upload). */
let client: S3Client;
before(async () => {
  s3 = await startS3Server();
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { ...S3RVER_CREDENTIALS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
after(async () => {
  client.destroy();
  await s3.close();
});

/** A temporary key as a crash after the multipart upload completed (before the copy) leaves it. */
async function leaveTemporary(options: S3BlobStoreOptions): Promise<void> {
  await client.send(
    new PutObjectCommand({ Bucket: s3.bucket, Key: `${options.prefix}tmp/${randomUUID()}`, Body: 'partial upload' }),
  );
}

/** Content keys and temporary keys of one store's prefix. */
async function contentsOf(prefix: string): Promise<{ stored: number; tmp: number }> {
  const keys = await s3.keys(prefix);
  return {
    stored: keys.filter((k) => k.startsWith(`${prefix}sha256/`)).length,
    tmp: keys.filter((k) => k.startsWith(`${prefix}tmp/`)).length,
  };
}

// One instance, so `delete` may delete at once (the multi-instance grace period is tested below).
runBlobStoreSuite('S3BlobStore', async () => {
  const options = s3.storeOptions({ deleteGraceSeconds: 0 });
  const store = new S3BlobStore(options);
  return {
    store,
    contents: () => contentsOf(options.prefix ?? ''),
    addTemporary: () => leaveTemporary(options),
    close: async () => store.destroy(),
  };
});

describe('S3BlobStore on an S3-compatible server', () => {
  test('keys live under the prefix (a trailing / is added) as sha256/<hash>', async () => {
    const prefix = `p-${randomUUID()}`;
    const store = new S3BlobStore(s3.storeOptions({ prefix }));
    const content = Buffer.from(`prefixed ${randomUUID()}`);
    const put = await store.put(Readable.from([content]));
    store.release(put.sha256);
    assert.deepEqual(await s3.keys(prefix), [`${prefix}/sha256/${sha256(content)}`]);
    store.destroy();
  });

  test('a pre-signed URL points at the endpoint, carries SigV4 query auth and the TTL, and serves the bytes as the file', async () => {
    const options = s3.storeOptions();
    const store = new S3BlobStore(options);
    const content = Buffer.from(`%PDF-1.4 presigned ${randomUUID()}`);
    const put = await store.put(Readable.from([content]));
    store.release(put.sha256);
    const fileName = 'résumé "final" (1).pdf';
    const url = new URL(
      await store.presign(put.sha256, { fileName, contentType: 'application/pdf', expiresInSeconds: 3600 }),
    );
    assert.equal(url.origin, s3.endpoint);
    assert.equal(url.pathname, `/${s3.bucket}/${options.prefix}sha256/${put.sha256}`);
    const q = url.searchParams;
    assert.equal(q.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.match(q.get('X-Amz-Credential') ?? '', /^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    assert.match(q.get('X-Amz-Date') ?? '', /^\d{8}T\d{6}Z$/);
    assert.equal(q.get('X-Amz-Expires'), '3600', 'the seed: X-Amz-Expires=3600');
    assert.match(q.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    assert.equal(q.get('response-content-type'), 'application/pdf');
    assert.equal(q.get('response-content-disposition'), contentDisposition(fileName, 'application/pdf'));

    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), content);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(res.headers.get('content-disposition'), contentDisposition(fileName, 'application/pdf'));
    store.destroy();
  });

  test('with publicEndpoint, URLs are signed for the host clients use while the server talks to endpoint', async () => {
    // The same s3rver under another name: `localhost` for clients, `127.0.0.1` for the server (as
    // `http://minio:9000` vs `http://localhost:9000` in deploy/compose.yaml).
    const publicEndpoint = s3.endpoint.replace('127.0.0.1', 'localhost');
    const store = new S3BlobStore(s3.storeOptions({ publicEndpoint }));
    const content = Buffer.from(`public endpoint ${randomUUID()}`);
    const put = await store.put(Readable.from([content]));
    store.release(put.sha256);
    const url = new URL(
      await store.presign(put.sha256, { fileName: 'a.txt', contentType: 'text/plain', expiresInSeconds: 60 }),
    );
    assert.equal(url.origin, publicEndpoint);
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), content);
    store.destroy();
  });

  test('Content-Disposition: ASCII fallback plus the exact name in RFC 5987 form; script-capable types download', () => {
    const value = contentDisposition('naïve "q" \\ 100%(x)*.html', 'text/html; charset=utf-8');
    const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)$/.exec(value);
    assert.ok(match, value);
    assert.equal(match[1], 'na_ve _q_ _ 100_(x)*.html');
    assert.equal(decodeURIComponent(match[2] ?? ''), 'naïve "q" \\ 100%(x)*.html');
    assert.match(contentDisposition('a.png', 'image/png'), /^inline; /);
    assert.match(contentDisposition('a.svg', 'image/svg+xml'), /^attachment; /);
  });

  test('with the default grace period, delete keeps content written moments ago (another instance may be attaching it)', async () => {
    const store = new S3BlobStore(s3.storeOptions());
    const put = await store.put(Readable.from([Buffer.from(`fresh ${randomUUID()}`)]));
    store.release(put.sha256);
    await store.delete(put.sha256);
    assert.equal(await store.has(put.sha256), true);
    store.destroy();
  });

  test('a 30 MiB upload streams: the server holds parts before the source has been read to the end', async (t) => {
    const options = s3.storeOptions({ deleteGraceSeconds: 0 });
    const store = new S3BlobStore(options);
    const total = 30;
    const hash = createHash('sha256');
    let storedMidway = -1;
    let peak = 0;
    const base = process.memoryUsage();
    const source = Readable.from(
      (async function* () {
        for (let i = 0; i < total; i += 1) {
          // 25 MiB read: with 5 MiB parts and 2 in flight, at least 10 MiB must already be on the server.
          if (i === 25) storedMidway = await s3.storedBytes();
          const m = process.memoryUsage();
          peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
          const chunk = Buffer.alloc(MiB, i);
          hash.update(chunk);
          yield chunk;
        }
      })(),
    );
    const put = await store.put(source);
    store.release(put.sha256);
    assert.equal(put.sha256, hash.digest('hex'));
    assert.equal(put.size, total * MiB);
    assert.ok(storedMidway >= 10 * MiB, `only ${storedMidway} bytes on the server after 25 MiB were read`);
    // Reported, not asserted: garbage collection makes heap figures noisy.
    t.diagnostic(`peak heap+arrayBuffers growth during the upload: ${(peak / MiB).toFixed(1)} MiB of ${total} MiB`);
    assert.deepEqual(await contentsOf(options.prefix ?? ''), { stored: 1, tmp: 0 });
    store.destroy();
  });

  test('sweepTemporary on a server without ListMultipartUploads (s3rver) still sweeps temporary keys', async () => {
    const options = s3.storeOptions({ deleteGraceSeconds: 0 });
    const store = new S3BlobStore(options);
    // What a crash mid-upload leaves: an incomplete multipart upload (invisible to ListObjects) and a key.
    await client.send(
      new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `${options.prefix}tmp/${randomUUID()}` }),
    );
    await leaveTemporary(options);
    // s3rver 3.7 answers GET ?uploads with NotImplemented; a real S3 (or MinIO) lists and the store aborts them.
    await assert.rejects(client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket })), {
      name: 'NotImplemented',
    });
    assert.equal(await store.sweepTemporary(new Date(Date.now() + 2_000)), 1);
    assert.deepEqual(await contentsOf(options.prefix ?? ''), { stored: 0, tmp: 0 });
    store.destroy();
  });

  test('with the default grace period, a sweep-style delete still keeps content written moments ago', async () => {
    const store = new S3BlobStore(s3.storeOptions());
    const put = await store.put(Readable.from([Buffer.from(`fresh sweep ${randomUUID()}`)]));
    store.release(put.sha256);
    await store.delete(put.sha256, { unmodifiedSince: new Date(Date.now() + 60_000) });
    assert.equal(await store.has(put.sha256), true, 'deleteGraceSeconds still applies');
    store.destroy();
  });

  test('an upload to a store that is down rejects (does not hang) and leaves the source released', async () => {
    const down = new S3BlobStore(s3.storeOptions({ endpoint: `http://127.0.0.1:${await closedPort()}` }));
    let produced = 0;
    const source = Readable.from(
      (async function* () {
        // Far past what 2 parts in flight can hold: a store that drained the source would read all 40 MiB.
        for (let i = 0; i < 40; i += 1) {
          produced += 1;
          yield Buffer.alloc(MiB, i);
        }
      })(),
    );
    await assert.rejects(down.put(source), (error: Error) => /ECONNREFUSED/.test(`${error.message} ${error.name}`));
    assert.ok(produced < 40, 'the source was abandoned, not drained into memory');
    assert.equal(source.destroyed, true);
    down.destroy();
  });

  test('ping rejects (does not hang) when the endpoint is down or the bucket is missing', async () => {
    const port = await closedPort();
    const down = new S3BlobStore(s3.storeOptions({ endpoint: `http://127.0.0.1:${port}` }));
    await assert.rejects(down.ping(), (error: Error) => /ECONNREFUSED/.test(`${error.message} ${error.name}`));
    down.destroy();
    const missing = new S3BlobStore(s3.storeOptions({ bucket: 'no-such-bucket' }));
    await assert.rejects(missing.ping(), { name: 'NotFound' });
    missing.destroy();
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
