/**
 * @deskwire/server/storage: Opening a data set (`openDeskwire`), the storage adapters (SQLite, PostgreSQL), migrations status and the blob stores (disk, S3).
 * @module
 */
export {
  BlobNotFoundError,
  type BlobStore,
  type DeleteOptions,
  type PresignOptions,
  type PutResult,
  type StoredBlob,
} from './blobs/blob-store.js';
export { contentDisposition } from './blobs/content-disposition.js';
export { DiskBlobStore } from './blobs/disk-blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './blobs/s3-blob-store.js';
export type {
  HighlightedText,
  TicketListPage,
  TicketListQuery,
  TicketSortKey,
  TicketSummary,
} from './core/domain.js';
export { TICKET_LIST_DEFAULT_LIMIT, TICKET_LIST_MAX_LIMIT } from './core/domain.js';
export { InvalidCursorError } from './core/ticket-list-cursor.js';
export {
  type Deskwire,
  type OpenOptions,
  openDeskwire,
  type SigningKeys,
  type StorageLocation,
  storageAdapterFor,
} from './deskwire.js';
export { MIN_SIGNING_KEY_BYTES, signingKeyId, UrlSigner } from './security/url-signer.js';
/** How concurrent cached-read checks share one statement on PostgreSQL (and its unit test). */
export { CoalescedReads, type CoalescedReadsOptions, SharedReadTimeoutError } from './storage/coalesced-reads.js';
/** Migration 0010 on its own: for re-indexing a store whose search tables were dropped (and its backfill test). */
export { ticketSearchMigration } from './storage/migrations/0010-ticket-search.js';
export { PostgresAdapter, type PostgresAdapterOptions } from './storage/postgres-adapter.js';
export { type MigrationMode, SchemaNotCurrentError, type SchemaStatus } from './storage/schema-status.js';
export {
  SQLITE_SYNCHRONOUS_LEVELS,
  SqliteAdapter,
  type SqliteAdapterOptions,
  type SqliteSynchronous,
} from './storage/sqlite-adapter.js';
export { Storage, type StorageOpenOptions } from './storage/storage.js';
export type { PoolStats, StorageAdapter } from './storage/storage-adapter.js';
export {
  TENANT_ACCESS_TABLES,
  TENANT_CONFIG_TABLES,
  TICKET_DATA_TABLES,
} from './storage/tenant-data-repository.js';
export { isTransientPostgresError } from './storage/transient-error.js';
