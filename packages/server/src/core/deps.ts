import type { BlobStore } from '../blobs/blob-store.js';
import type { TransactionalStore } from './store.js';

/** What the framework-free core functions need: storage, files, a clock and an id source. */
export interface CoreDeps {
  /** The store, or (inside `storage.transaction`) the open transaction. */
  readonly storage: TransactionalStore;
  readonly blobs: BlobStore;
  readonly now: () => Date;
  readonly newId: () => string;
}
