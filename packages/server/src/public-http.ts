/**
 * @deskwire/server/http: The HTTP server: `buildApp` over an opened data set, its options and defaults, and the shared Redis connection.
 * @module
 */
export { buildApp } from './app/build-app.js';
export type { ConnectionLimits, RequestLimits, ServerOptions } from './config.js';
export {
  DEFAULT_CONNECTION_LIMITS,
  DEFAULT_DOWNLOAD_TTL_SECONDS,
  DEFAULT_JOURNAL_SIZE,
  DEFAULT_LIMITS,
  DEFAULT_REDIS_KEY_PREFIX,
} from './config.js';
export { MemoryFailureCounter } from './core/memory-failure-counter.js';
export type { FailureCounter, FailureWindow } from './core/sign-in-throttle.js';
export {
  MemoryPresenceStore,
  type PresenceActivity,
  type PresenceBeat,
  type PresenceEntry,
  type PresenceKey,
  type PresenceStore,
} from './core/ticket-presence.js';
export { openApiDocument, openApiJson } from './http/openapi-route.js';
export { READY_CHECK_TIMEOUT_MS } from './http/readiness-route.js';
export {
  MAX_CACHED_RESPONSE_BYTES,
  MAX_CACHED_RESPONSES,
  type TicketAnswerStamp,
  TicketResponseCache,
} from './http/ticket-response-cache.js';
export { redactRedisUrl, type SharedRedis } from './redis/redis-connection.js';
export { RedisFailureCounter } from './redis/redis-failure-counter.js';
export { RedisPresenceStore } from './redis/redis-presence-store.js';
