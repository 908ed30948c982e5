import type { CoreDeps } from './deps.js';
import type { StoredFile } from './domain.js';

/**
 * After a failed write: ends the request's pins on its uploaded files and removes the blobs it had
 * just created, unless an attachment row refers to them or another upload in flight holds them
 * (content is shared between identical files, also across tenants). Best effort: a leftover blob
 * is only wasted space.
 */
export async function discardFiles(files: readonly StoredFile[], deps: Pick<CoreDeps, 'storage' | 'blobs'>) {
  for (const file of files) {
    deps.blobs.release(file.sha256);
    if (!file.created || deps.blobs.isPinned(file.sha256)) continue;
    try {
      if (!(await deps.storage.activities.isBlobReferenced(file.sha256))) await deps.blobs.delete(file.sha256);
    } catch {
      // Left for a later clean-up; the failed write itself wrote no rows.
    }
  }
}

/** After a committed write: the files are attached, so the request's pins end. */
export function keepFiles(files: readonly StoredFile[], deps: Pick<CoreDeps, 'blobs'>): void {
  for (const file of files) deps.blobs.release(file.sha256);
}
