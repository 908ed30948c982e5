import type { Readable } from 'node:stream';

export interface PutResult {
  sha256: string;
  size: number;
  /** True when this call wrote the content; false when the store already had it. */
  created: boolean;
}

/**
 * Content-addressed file storage: content is named by its SHA-256, so the same file uploaded twice
 * is kept once. Local disk now; S3-compatible storage implements the same interface later.
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
  delete(sha256: string): Promise<void>;
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
