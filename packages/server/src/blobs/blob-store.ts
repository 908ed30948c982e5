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
  /** Streams `content` in, hashing as it goes; never buffers the whole file. */
  put(content: Readable): Promise<PutResult>;
  /** Opens stored content for reading; rejects with `BlobNotFoundError` if absent. */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  constructor(sha256: string) {
    super(`blob ${sha256} is not in the store`);
    this.name = 'BlobNotFoundError';
  }
}
