/**
 * @deskwire/server/admin: The framework-free core: tenant, user, key, token, lookup and ticket administration (what `deskwire` admin commands call), the domain types and the error table.
 * @module
 */
export { type AddActivityInput, addActivity } from './core/add-activity.js';
export { type AddCustomFieldInput, addCustomField } from './core/add-custom-field.js';
export { DEFAULT_SESSION_POLICY, type SessionPolicy, SIGN_IN_FAILED } from './core/agent-sessions.js';
export { AUTH_FAILURE_REASONS, AuthFailure, type AuthFailureReason } from './core/auth-failure.js';
export { authenticate, type Credentials, type Principal } from './core/authenticate.js';
export { requireAdmin } from './core/authorize.js';
export { conversationAuthor } from './core/conversation-author.js';
export { type CreatedTenant, type CreateTenantInput, createTenant, DEFAULT_RATE_LIMIT } from './core/create-tenant.js';
export { type CreatedTicket, type CreateTicketInput, createTicket } from './core/create-ticket.js';
export { DEFAULT_LOOKUPS } from './core/default-tenant-schema.js';
export type { CoreDeps } from './core/deps.js';
export type * from './core/domain.js';
export { getTicket, type TicketView } from './core/get-ticket.js';
export {
  type CreateApiTokenInput,
  createApiToken,
  DEFAULT_TOKEN_USER_NAME,
  listApiTokens,
  revokeApiToken,
} from './core/kapture/api-tokens.js';
export {
  DEFAULT_KAPTURE_SETTINGS,
  getKaptureSettings,
  KAPTURE_STATUS_NAMES,
  type KaptureSettings,
  type KaptureStatus,
  type Queue,
  type SubStatus,
  updateKaptureSettings,
} from './core/kapture/settings.js';
export { kaptureTaskId, kaptureTicketId, ticketNumberOf } from './core/kapture/ticket-ids.js';
export { listConversations } from './core/list-conversations.js';
export { type CreateApiKeyInput, createApiKey, revokeApiKey } from './core/manage-keys.js';
export { listLookups, setLookupValues } from './core/manage-lookups.js';
export { checkPassword, createUser, findUser, setPassword, updateUser } from './core/manage-users.js';
export {
  deleteTenant,
  type ResetResult,
  type ResetTenantInput,
  resetAllTenants,
  resetTenant,
} from './core/reset-tenant.js';
export type * from './core/store.js';
export { type SweepBlobsInput, type SweepBlobsResult, sweepBlobs } from './core/sweep-blobs.js';
export type { StoredToken, TenantConfigSource, TenantSnapshot } from './core/tenant-config.js';
export {
  type CacheLimits,
  MAX_CACHED_KEYS_PER_TENANT,
  MAX_CACHED_TENANTS,
  MAX_CACHED_TOKEN_TENANTS,
  MAX_CACHED_USERS_PER_TENANT,
  TenantConfigCache,
} from './core/tenant-config-cache.js';
export { parseTicketRef, ticketKey } from './core/ticket-ref.js';
export { type TrashResult, trashTickets } from './core/trash-tickets.js';
export { updateTenant } from './core/update-tenant.js';
export { type UpdatedTicket, type UpdateTicketInput, updateTicket } from './core/update-ticket.js';
export { type DemoTenant, seedDemo } from './demo/seed-demo.js';
export { ApiError, isApiError } from './errors/api-error.js';
export { ERROR_STATUS, type ErrorCode } from './errors/error-codes.js';
export { accessKeyId } from './security/secret-hash.js';
