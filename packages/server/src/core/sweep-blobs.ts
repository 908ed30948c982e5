import type { CoreDeps } from './deps.js';

export interface SweepBlobsInput {
  /**
   * Only content last written or reused before this instant may go, and only temporary uploads last written
   * before it. `now - grace`, where the grace exceeds the longest upload request: an upload stores its
   * content before the transaction that attaches it commits, possibly in another process.
   */
  olderThan: Date;
}

export interface SweepBlobsResult {
  /** Stored content listed. */
  scanned: number;
  /** Content deleted: no attachment row referred to it. */
  deleted: number;
  /** Content kept: referenced, too new, pinned by an upload in this process, or reused meanwhile. */
  kept: number;
  /** Temporary uploads removed (left by a crash mid-upload). */
  temporaryDeleted: number;
}

/** Hashes per reference query: far below SQLite's bound-parameter limit, and few round trips. */
const BATCH = 500;

/**
 * Removes blobs that no attachment row refers to, and stale temporary uploads: what a crash between
 * storing an upload and committing its row leaves behind (docs/architecture.md, "Orphan sweep"). Content
 * is shared (also across tenants and processes), so a blob goes only if it is older than the cutoff, not
 * pinned here, unreferenced in the batch query AND in a re-check right before the delete, which itself
 * spares content reused after the cutoff (`BlobStore.delete`'s `unmodifiedSince`).
 */
export async function sweepBlobs(
  input: SweepBlobsInput,
  deps: Pick<CoreDeps, 'storage' | 'blobs'>,
): Promise<SweepBlobsResult> {
  const result: SweepBlobsResult = {
    scanned: 0,
    deleted: 0,
    kept: 0,
    temporaryDeleted: await deps.blobs.sweepTemporary(input.olderThan),
  };
  let batch: string[] = [];
  const flush = async () => {
    const referenced = await deps.storage.activities.referencedBlobs(batch);
    for (const sha256 of batch) {
      if (!referenced.has(sha256) && (await removeIfOrphan(sha256, input.olderThan, deps))) result.deleted += 1;
      else result.kept += 1;
    }
    batch = [];
  };
  for await (const blob of deps.blobs.list()) {
    result.scanned += 1;
    if (blob.modifiedAt >= input.olderThan || deps.blobs.isPinned(blob.sha256)) {
      result.kept += 1;
      continue;
    }
    batch.push(blob.sha256);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}

/** The last look before deleting: the batch query may be seconds old by now. True if the content is gone. */
async function removeIfOrphan(
  sha256: string,
  olderThan: Date,
  deps: Pick<CoreDeps, 'storage' | 'blobs'>,
): Promise<boolean> {
  if (deps.blobs.isPinned(sha256) || (await deps.storage.activities.isBlobReferenced(sha256))) return false;
  await deps.blobs.delete(sha256, { unmodifiedSince: olderThan });
  // A store may keep it (reused meanwhile, or within S3's own delete grace): count what really happened.
  return !(await deps.blobs.has(sha256));
}
