import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BlobPins } from './blob-pins.js';
import {
  BlobNotFoundError,
  type BlobStore,
  type DeleteOptions,
  type PresignOptions,
  type PutResult,
  type StoredBlob,
} from './blob-store.js';
import { contentDisposition } from './content-disposition.js';
import { assertNotDestroyed, hashingStream } from './hashing-stream.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MiB = 1024 * 1024;
/** S3's smallest part of a multipart upload (all but the last): https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
const MIN_PART_BYTES = 5 * MiB;
/** SigV4 query signatures last at most 7 days: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export interface S3BlobStoreOptions {
  bucket: string;
  /** Default: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1` (what S3-compatible servers expect). */
  region?: string;
  /** Base URL of an S3-compatible server (MinIO, Ceph, R2...). Default: AWS S3. */
  endpoint?: string;
  /**
   * The endpoint clients use to fetch pre-signed URLs, when it differs from `endpoint` (the server
   * reaches MinIO as `http://minio:9000` inside a compose network; clients as `http://localhost:9000`).
   * SigV4 signs the host, so these URLs are signed for this endpoint, not rewritten. Default: `endpoint`.
   */
  publicEndpoint?: string;
  /** `https://host/bucket/key` URLs instead of `https://bucket.host/key` (most S3-compatible servers). Default false. */
  forcePathStyle?: boolean;
  /** Key prefix of every object, e.g. `deskwire/`; a missing trailing `/` is added. Default: none. */
  prefix?: string;
  /** Default: the SDK's chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Multipart part size. Default (and minimum) 5 MiB; memory held per upload is about `partBytes × queueSize`. */
  partBytes?: number;
  /** Parts in flight per upload. Default 2. */
  queueSize?: number;
  /**
   * `delete` keeps content written or reused less than this many seconds ago, because another instance
   * may be attaching it right now (docs/architecture.md, "Blobs on S3"). Must exceed the longest
   * upload request. Default 3600; 0 deletes at once (one instance only).
   */
  deleteGraceSeconds?: number;
}

/**
 * Blobs in an S3-compatible bucket under `<prefix>sha256/<hash>`, shared by every instance that
 * points at it. An upload streams to `<prefix>tmp/<uuid>` (multipart, hashing as it goes), then is
 * copied server-side to its content key and the temporary key deleted: the hash is only known at the
 * end, and a reader never sees a partial object. A failed upload is aborted and its temporary key
 * deleted; what a crash leaves under `tmp/` is for `sweepTemporary` (or a bucket lifecycle rule).
 */
export class S3BlobStore implements BlobStore {
  readonly #pins = new BlobPins();
  readonly #client: S3Client;
  /** Signs download URLs: the same client unless `publicEndpoint` names another host. */
  readonly #presignClient: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #partBytes: number;
  readonly #queueSize: number;
  readonly #graceMs: number;

  constructor(options: S3BlobStoreOptions) {
    if (!options.bucket) throw new Error('S3 blob store: a bucket is required');
    this.#bucket = options.bucket;
    const prefix = options.prefix ?? '';
    this.#prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.#partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? MIN_PART_BYTES);
    this.#queueSize = Math.max(1, options.queueSize ?? 2);
    this.#graceMs = Math.max(0, options.deleteGraceSeconds ?? 3600) * 1000;
    this.#client = s3Client(options, options.endpoint);
    this.#presignClient =
      options.publicEndpoint === undefined ? this.#client : s3Client(options, options.publicEndpoint);
  }

  /** `HeadBucket`: the bucket exists and these credentials may use it (`/readyz`). */
  async ping(): Promise<void> {
    await this.#client.send(new HeadBucketCommand({ Bucket: this.#bucket }));
  }

  release(sha256: string): void {
    this.#pins.release(sha256);
  }

  isPinned(sha256: string): boolean {
    return this.#pins.has(sha256);
  }

  async put(content: Readable): Promise<PutResult> {
    const tmpKey = `${this.#prefix}tmp/${randomUUID()}`;
    const hashing = hashingStream();
    const counter = hashing.stream;
    // As in DiskBlobStore: a source destroyed before we start would never settle the pipeline.
    assertNotDestroyed(content);
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key: tmpKey, Body: counter, ContentType: 'application/octet-stream' },
      partSize: this.#partBytes,
      queueSize: this.#queueSize,
      // Parts of a failed multipart upload are aborted, not kept (they would be billed, unseen).
      leavePartsOnError: false,
    });
    const uploading = upload.done();
    // A failed upload stops reading; end the source too, or the pipeline would wait forever.
    uploading.catch((error: unknown) => counter.destroy(error as Error));
    const [piped, uploaded] = await Promise.allSettled([pipeline(content, counter), uploading]);
    if (piped.status === 'rejected' || uploaded.status === 'rejected') {
      await this.#deleteQuietly(tmpKey);
      // The source's own error (a cut-off body, which the multipart route answers with a 4xx) wins; an
      // abort is only the pipeline's echo of the store having failed (lib-storage aborts its body).
      const sourceFailed = piped.status === 'rejected' && (piped.reason as { code?: unknown })?.code !== 'ABORT_ERR';
      throw sourceFailed || uploaded.status === 'fulfilled' ? (piped as PromiseRejectedResult).reason : uploaded.reason;
    }
    const { sha256, size } = hashing.result();
    // Pinned before the existence check, so a clean-up in this process cannot remove what we reuse.
    this.#pins.pin(sha256);
    try {
      const key = this.#keyOf(sha256);
      const existed = await this.#exists(key);
      // Copied even when it exists: the copy renews the object's LastModified, which `delete` reads
      // to spare content that an upload on another instance has just reused.
      await this.#client.send(
        new CopyObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          CopySource: encodeURI(`${this.#bucket}/${tmpKey}`),
          ContentType: 'application/octet-stream',
          MetadataDirective: 'REPLACE',
        }),
      );
      await this.#deleteQuietly(tmpKey);
      return { sha256, size, created: !existed };
    } catch (error) {
      this.release(sha256);
      await this.#deleteQuietly(tmpKey);
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    const key = this.#keyOf(sha256);
    try {
      const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      // In Node the body is an http.IncomingMessage, a Readable.
      return object.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(sha256);
      throw error;
    }
  }

  has(sha256: string): Promise<boolean> {
    return SHA256_HEX.test(sha256) ? this.#exists(this.#keyOf(sha256)) : Promise.resolve(false);
  }

  async delete(sha256: string, options: DeleteOptions = {}): Promise<void> {
    const key = this.#keyOf(sha256);
    const since = options.unmodifiedSince;
    if (this.#graceMs > 0 || since !== undefined) {
      const modified = await this.#lastModified(key);
      if (modified === null || Date.now() - modified.getTime() < this.#graceMs) return;
      if (since !== undefined && modified > since) return;
    }
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async *list(): AsyncIterable<StoredBlob> {
    const prefix = `${this.#prefix}sha256/`;
    for await (const object of this.#objects(prefix)) {
      const sha256 = object.key.slice(prefix.length);
      if (SHA256_HEX.test(sha256)) yield { sha256, modifiedAt: object.modifiedAt };
    }
  }

  async sweepTemporary(olderThan: Date): Promise<number> {
    let removed = 0;
    const tmp = `${this.#prefix}tmp/`;
    for await (const object of this.#objects(tmp)) {
      if (object.modifiedAt >= olderThan) continue;
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: object.key }));
      removed += 1;
    }
    return removed + (await this.#abortUploads(tmp, olderThan));
  }

  /**
   * Aborts multipart uploads to `prefix` initiated before `olderThan` (a crash mid-upload leaves them, billed
   * and invisible to listings of objects). Servers without `ListMultipartUploads` (s3rver 3.7 answers
   * NotImplemented) are left to their own expiry: that is not an error of the sweep.
   */
  async #abortUploads(prefix: string, olderThan: Date): Promise<number> {
    let aborted = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      let page: ListMultipartUploadsCommandOutput;
      try {
        page = await this.#client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.#bucket,
            Prefix: prefix,
            ...(keyMarker !== undefined && { KeyMarker: keyMarker }),
            ...(uploadIdMarker !== undefined && { UploadIdMarker: uploadIdMarker }),
          }),
        );
      } catch (error) {
        if (isNotImplemented(error)) return aborted;
        throw error;
      }
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= olderThan) continue;
        await this.#client.send(
          new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        aborted += 1;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return aborted;
  }

  /** Every object under `prefix`, page by page (ListObjectsV2). */
  async *#objects(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: prefix,
          ...(token !== undefined && { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key, modifiedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  presign(sha256: string, options: PresignOptions): Promise<string> {
    const expiresIn = Math.min(MAX_PRESIGN_SECONDS, Math.max(1, Math.floor(options.expiresInSeconds)));
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#keyOf(sha256),
      ResponseContentDisposition: contentDisposition(options.fileName, options.contentType),
      ResponseContentType: options.contentType,
    });
    return getSignedUrl(this.#presignClient, command, { expiresIn });
  }

  /** Stops the client's sockets (tests, shutdown). */
  destroy(): void {
    this.#client.destroy();
    if (this.#presignClient !== this.#client) this.#presignClient.destroy();
  }

  #keyOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new BlobNotFoundError(sha256);
    return `${this.#prefix}sha256/${sha256}`;
  }

  async #exists(key: string): Promise<boolean> {
    return (await this.#lastModified(key)) !== null;
  }

  async #lastModified(key: string): Promise<Date | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return head.LastModified ?? new Date(0);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Best effort: a temporary key left behind is only wasted space, for the bucket's lifecycle rule. */
  async #deleteQuietly(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch {
      // See above.
    }
  }
}

function isNotImplemented(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotImplemented' || e?.$metadata?.httpStatusCode === 501;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function s3Client(options: S3BlobStoreOptions, endpoint: string | undefined): S3Client {
  return new S3Client({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? false,
    // A dead endpoint must fail `/readyz` promptly rather than hang it.
    requestHandler: { connectionTimeout: 5_000 },
    ...(endpoint === undefined
      ? {}
      : {
          endpoint,
          // Many S3-compatible servers reject the SDK's default flexible checksums (aws-chunked
          // streaming bodies); send them only where an operation requires one.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }),
    // A copy: the SDK marks the credentials object it is given (a frozen one would throw).
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
  });
}
