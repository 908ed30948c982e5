import type { BlobStore } from '../blobs/blob-store.js';
import type { TransactionalStore } from './store.js';
import type { TenantConfigSource } from './tenant-config.js';

/** What the framework-free core functions need: storage, files, a clock and an id source. */
export interface CoreDeps {
  /** The store, or (inside `storage.transaction`) the open transaction. */
  readonly storage: TransactionalStore;
  readonly blobs: BlobStore;
  readonly now: () => Date;
  readonly newId: () => string;
  /**
   * Tenant configuration and API keys for authentication and reads, checked against the store on every
   * call (in memory, invalidated by a generation counter: storage/tenant-config-cache.ts).
   */
  readonly tenantConfig: TenantConfigSource;
}
