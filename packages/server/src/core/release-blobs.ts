import type { CoreDeps } from './deps.js';

/**
 * Removes blobs that no attachment row refers to any more (after a reset or a tenant deletion;
 * content is shared between identical files, also across tenants). Best effort: a blob that fails
 * to delete is only wasted space, and one taken up again by a concurrent upload stays.
 */
export async function releaseBlobs(hashes: readonly string[], deps: Pick<CoreDeps, 'storage' | 'blobs'>) {
  let removed = 0;
  for (const sha256 of new Set(hashes)) {
    try {
      if (deps.blobs.isPinned(sha256) || (await deps.storage.activities.isBlobReferenced(sha256))) continue;
      await deps.blobs.delete(sha256);
      removed += 1;
    } catch {
      // Left for a later clean-up; the rows are already gone.
    }
  }
  return removed;
}
