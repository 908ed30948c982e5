import type { BlobStore } from '../blobs/blob-store.js';
import type { Storage } from '../storage/storage.js';

/** What the framework-free core functions need: storage, files, a clock and an id source. */
export interface CoreDeps {
  readonly storage: Storage;
  readonly blobs: BlobStore;
  readonly now: () => Date;
  readonly newId: () => string;
}
