/**
 * @deskwire/server: a stateful, multi-tenant ticket service, wire-compatible with the LeadSquared
 * Service CRM and Kapture CRM ticket APIs over one ticket store. `openDeskwire` opens a data set, `buildApp` serves it over HTTP, and the
 * core functions administer it (what the `deskwire` CLI calls).
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
export type { RequestLimits, ServerOptions } from './config.js';
export {
  DEFAULT_DOWNLOAD_TTL_SECONDS,
  DEFAULT_JOURNAL_SIZE,
  DEFAULT_LIMITS,
  DEFAULT_REDIS_KEY_PREFIX,
} from './config.js';
export { type AddActivityInput, addActivity } from './core/add-activity.js';
export { type AddCustomFieldInput, addCustomField } from './core/add-custom-field.js';
export {
  type ApiToken,
  type CreateApiTokenInput,
  createApiToken,
  DEFAULT_TOKEN_USER_NAME,
  listApiTokens,
  revokeApiToken,
  TOKEN_APIS,
  type TokenApi,
} from './core/api-tokens.js';
export { authenticate, type Credentials, type Principal } from './core/authenticate.js';
export { requireAdmin } from './core/authorize.js';
export { conversationAuthor } from './core/conversation-author.js';
export { type CreatedTenant, type CreateTenantInput, createTenant, DEFAULT_RATE_LIMIT } from './core/create-tenant.js';
export { type CreatedTicket, type CreateTicketInput, createTicket } from './core/create-ticket.js';
export { DEFAULT_LOOKUPS } from './core/default-tenant-schema.js';
export type { CoreDeps } from './core/deps.js';
export type * from './core/domain.js';
export { getTicket, type TicketView } from './core/get-ticket.js';
export { kaptureTaskId, kaptureTicketId, ticketNumberOf } from './core/kapture-ids.js';
export {
  DEFAULT_KAPTURE_SETTINGS,
  getKaptureSettings,
  KAPTURE_STATUS_NAMES,
  type KaptureSettings,
  type KaptureStatus,
  type Queue,
  type SubStatus,
  updateKaptureSettings,
} from './core/kapture-settings.js';
export { listConversations } from './core/list-conversations.js';
export { type CreateApiKeyInput, createApiKey, revokeApiKey } from './core/manage-keys.js';
export { setLookupValues } from './core/manage-lookups.js';
export {
  deleteTenant,
  type ResetResult,
  type ResetTenantInput,
  resetAllTenants,
  resetTenant,
} from './core/reset-tenant.js';
export { type SweepBlobsInput, type SweepBlobsResult, sweepBlobs } from './core/sweep-blobs.js';
export { parseTicketRef, ticketKey } from './core/ticket-ref.js';
export { type TrashResult, trashTickets } from './core/trash-tickets.js';
export { updateTenant } from './core/update-tenant.js';
export { type UpdatedTicket, type UpdateTicketInput, updateTicket } from './core/update-ticket.js';
export { type DemoTenant, seedDemo } from './demo/seed-demo.js';
export { type Deskwire, type OpenOptions, openDeskwire, type StorageLocation, storageAdapterFor } from './deskwire.js';
export { ApiError, isApiError } from './errors/api-error.js';
export { ERROR_STATUS, type ErrorCode } from './errors/error-codes.js';
export { buildApp } from './http/build-app.js';
export { READY_CHECK_TIMEOUT_MS } from './http/readiness-route.js';
export { redactRedisUrl, type SharedRedis } from './redis/redis-connection.js';
export type {
  FaultResponse,
  FaultRule,
  FaultRuleInput,
  FaultRuleStore,
  FaultTarget,
} from './sandbox/fault-rules.js';
export { MemoryFaultRuleStore, toFaultRule } from './sandbox/fault-rules.js';
export { SANDBOX_PREFIX } from './sandbox/install-sandbox.js';
export { type Latency, MAX_LATENCY_MS, sampleLatency } from './sandbox/latency-distribution.js';
export { RedisFaultRuleStore } from './sandbox/redis-fault-rule-store.js';
export { RedisRequestJournal } from './sandbox/redis-request-journal.js';
export type { JournalEntry, JournalQuery, NewJournalEntry, RequestJournal } from './sandbox/request-journal.js';
export { MemoryRequestJournal } from './sandbox/request-journal.js';
export { PostgresAdapter, type PostgresAdapterOptions } from './storage/postgres-adapter.js';
export { type MigrationMode, SchemaNotCurrentError, type SchemaStatus } from './storage/schema-status.js';
export { SqliteAdapter } from './storage/sqlite-adapter.js';
export { type Repositories, Storage, type StorageOpenOptions } from './storage/storage.js';
export type { PoolStats, StorageAdapter } from './storage/storage-adapter.js';
export {
  type DeletedTicketData,
  TENANT_ACCESS_TABLES,
  TENANT_CONFIG_TABLES,
  TICKET_DATA_TABLES,
} from './storage/tenant-data-repository.js';
export type { TicketLookup } from './storage/ticket-repository.js';
export { isTransientPostgresError } from './storage/transient-error.js';
