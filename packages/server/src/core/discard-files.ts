import type { CoreDeps } from './deps.js';
import type { StoredFile } from './domain.js';

/**
 * Removes blobs that a failed write had just stored, unless another attachment already refers to
 * them (content is shared between identical files). Best effort: a leftover blob is harmless.
 */
export async function discardFiles(files: readonly StoredFile[], deps: Pick<CoreDeps, 'storage' | 'blobs'>) {
  for (const file of files) {
    if (!file.created) continue;
    try {
      if (!(await deps.storage.activities.isBlobReferenced(file.sha256))) await deps.blobs.delete(file.sha256);
    } catch {
      // Left for a later clean-up; the failed write itself wrote no rows.
    }
  }
}
