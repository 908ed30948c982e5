import { SharedReadTimeoutError } from './coalesced-reads.js';

/**
 * PostgreSQL failures that say "try again", not "this request is wrong": the HTTP layer answers them
 * with 503 and Retry-After, as it does SQLite's busy error. SQLSTATE classes from the PostgreSQL
 * manual, Appendix A (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/** Socket-level failures reaching the server (Node's error codes). */
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** pg-pool's messages when no connection could be had in time, or the server went away mid-query. */
const TRANSIENT_MESSAGE =
  /^(?:timeout exceeded when trying to connect|Connection terminated(?: unexpectedly| due to connection timeout)?)$/;

/** Whether `error` is a transient PostgreSQL (or connection-pool) failure. */
export function isTransientPostgresError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof SharedReadTimeoutError) return true;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // Class 08: connection exceptions.
    if (TRANSIENT_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || TRANSIENT_NETWORK.has(code)) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isTransientPostgresError);
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}
