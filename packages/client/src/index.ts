/**
 * @deskwire/client: typed SDKs for the LeadSquared Service CRM and Kapture CRM ticket APIs, with
 * one normalized ticket model over both. Every method throws `DeskwireClientError`.
 * @module
 */

// Kapture. The token-API list is the wire package's, re-exported under its one name.
export { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
// Core: errors, options, limiter, clock (the request seam itself stays internal).
export { type Clock, systemClock } from './core/clock.js';
export type { DownloadStream } from './core/download.js';
export { CLIENT_ERROR_CODES, type ClientErrorCode } from './core/error-codes.js';
export {
  type ContractIssue,
  DeskwireClientError,
  type DeskwireClientErrorInit,
  isDeskwireClientError,
  type RedactedRequest,
} from './core/errors.js';
export { type Permit, type RateLimit, RateLimiter } from './core/limiter.js';
export { type CallOptions, CLIENT_VERSION, type CommonClientOptions, type DebugEvent } from './core/options.js';
export { REDACTED, redactHeaders, redactUrl } from './core/redact.js';
export { backoffDelay, DEFAULT_RETRY, type RetryOptions } from './core/retry.js';
export type { FileSource, FileUpload, UploadInput } from './core/upload.js';
export type { KaptureTokens } from './kapture/kapture-auth.js';
export type { KapTenantFields } from './kapture/kapture-calls.js';
export {
  KAPTURE_DEFAULT_RATE_LIMIT,
  KAPTURE_DEFAULT_UTC_OFFSET,
  KaptureClient,
  type KaptureClientOptions,
} from './kapture/kapture-client.js';
export { KAPTURE_DEFAULT_STATUS_MAP } from './kapture/kapture-normalize.js';
export { KAPTURE_OPERATIONS } from './kapture/kapture-operations.js';
export { KaptureTickets } from './kapture/kapture-tickets.js';
export type { UploadCallOptions } from './leadsquared/leadsquared-calls.js';
// LeadSquared.
export {
  LeadSquaredClient,
  type LeadSquaredClientOptions,
  LSQ_DEFAULT_RATE_LIMIT,
} from './leadsquared/leadsquared-client.js';
export { LSQ_DEFAULT_STATUS_MAP } from './leadsquared/leadsquared-normalize.js';
export { LSQ_OPERATIONS } from './leadsquared/leadsquared-operations.js';
export { LeadSquaredTickets } from './leadsquared/leadsquared-tickets.js';
// Deskwire's own API (/api/v1).
export {
  DESKWIRE_DEFAULT_RATE_LIMIT,
  DeskwireClient,
  type DeskwireClientOptions,
  type TicketListFilters,
  type TicketSearchFilters,
} from './native/deskwire-client.js';
export { DESKWIRE_OPERATIONS } from './native/native-operations.js';
// The normalized model.
export { decodeHtmlEntities } from './normalized/html-entities.js';
export * from './normalized/model.js';
export type { NewTicket, TicketClient, TicketId, TicketPatch } from './normalized/ticket-client.js';
