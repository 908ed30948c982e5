import type { Readable } from 'node:stream';

export interface PutResult {
  sha256: string;
  size: number;
  /** True when this call wrote the content; false when the store already had it. */
  created: boolean;
}

/** What a pre-signed download URL serves the content as. */
export interface PresignOptions {
  /** The uploaded file's name, sent back as `Content-Disposition` so saved files get it. */
  fileName: string;
  /** Sent back as `Content-Type`. */
  contentType: string;
  /** Lifetime of the URL (the server's `downloadUrlTtlSeconds`). */
  expiresInSeconds: number;
}

/** One piece of stored content, as `BlobStore.list` reports it. */
export interface StoredBlob {
  sha256: string;
  /** When the content was last written or reused by an upload: the age a sweep's grace period is measured by. */
  modifiedAt: Date;
}

export interface DeleteOptions {
  /**
   * Delete only if the content was not written or reused after this instant, checked as late as the store
   * allows: a sweep passes its cutoff, so an upload that reused the content meanwhile (in any process) keeps it.
   */
  unmodifiedSince?: Date;
}

/**
 * Content-addressed file storage: content is named by its SHA-256, so the same file uploaded twice
 * is kept once. `DiskBlobStore` (one data directory) and `S3BlobStore` (an S3-compatible bucket,
 * shared by several instances) implement it; `test/blobs/blob-store-suite.ts` holds both to it.
 */
export interface BlobStore {
  /**
   * Streams `content` in, hashing as it goes; never buffers the whole file. The content stays pinned
   * (safe from `delete` by clean-ups in this process) until `release`: a failed upload must not delete
   * bytes that a concurrent request stored too and is about to attach.
   */
  put(content: Readable): Promise<PutResult>;
  /** Ends one pin taken by `put`. */
  release(sha256: string): void;
  /** Whether an upload in this process still holds the content. */
  isPinned(sha256: string): boolean;
  /** Opens stored content for reading; rejects with `BlobNotFoundError` if absent. */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /**
   * Removes stored content. A store shared by several instances may keep content younger than its
   * grace period instead, as another instance may have just reused it (`S3BlobStore`).
   */
  delete(sha256: string, options?: DeleteOptions): Promise<void>;
  /**
   * Every piece of stored content with its modification time (`put` renews it when it reuses content), for
   * the orphan sweep (`core/sweep-blobs.ts`). Content written during the listing may or may not appear.
   */
  list(): AsyncIterable<StoredBlob>;
  /**
   * Removes temporary uploads (what a crash mid-upload leaves) last written before `olderThan`; resolves with
   * how many it removed. Uploads in flight keep writing theirs, so a cutoff older than the longest upload spares them.
   */
  sweepTemporary(olderThan: Date): Promise<number>;
  /**
   * A URL that serves the content straight from the store until it expires, in the manner of the
   * vendor's pre-signed S3 `ContentPath`. Absent when the store cannot (disk): downloads then go
   * through Deskwire's own signed `/files` URLs.
   */
  presign?(sha256: string, options: PresignOptions): Promise<string>;
  /** Resolves when the store can be read and written (`/readyz`); rejects with the reason otherwise. */
  ping(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  constructor(sha256: string) {
    super(`blob ${sha256} is not in the store`);
    this.name = 'BlobNotFoundError';
  }
}
