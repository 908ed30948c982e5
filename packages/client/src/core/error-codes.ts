/**
 * Every `code` a `DeskwireClientError` can carry, with what it means. Closed and stable: match on
 * the code, never on the message. docs/client.md lists each one (test/error-codes-documented.test.ts).
 */
export const CLIENT_ERROR_CODES = {
  AUTH: 'The vendor refused the credentials: HTTP 401, Kapture\'s "Invalid Auth Key" (at any status), or no token for that Kapture API (status 0).',
  FORBIDDEN:
    'HTTP 403: the key may not do this (an Admin-only call, API disabled, IP not allowed, a tampered signed URL).',
  NOT_FOUND:
    'HTTP 404, Kapture\'s "No Data found/ticket_id is missing", or a normalized read of an id that does not exist.',
  VALIDATION:
    'The request was refused as malformed (HTTP 400, 413, 415, 422, or a documented Kapture input text), or the client refused to send a body that breaks the wire schema (status 0).',
  CONFLICT: 'HTTP 409.',
  RATE_LIMITED:
    'HTTP 429 after the retries allowed, on a write (not retried), or with a Retry-After over maxRetryAfterMs; see retryAfterMs.',
  SERVER: 'HTTP 5xx after the retries allowed.',
  VENDOR_FAILED:
    'A failure inside a success status: Kapture\'s "status":"failed" under HTTP 200 with an undocumented text, a LeadSquared body whose Status is not Success.',
  URL_EXPIRED: 'A signed attachment URL had expired (and a fresh one did not help).',
  UNSUPPORTED: 'The vendor has no such operation (uploads or title changes on Kapture); nothing was sent.',
  TIMEOUT:
    "No complete response within `timeout`, after the retries allowed, or the caller's AbortSignal.timeout() fired (status 0).",
  NETWORK: 'The connection failed: refused, reset, DNS (status 0), after the retries allowed.',
  ABORTED: "The caller's AbortSignal fired (status 0). Never retried.",
  CONTRACT: 'The response is not JSON or breaks the wire schema; rawBody and issues say how.',
  HTTP: 'Any other non-success HTTP status.',
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** The code of a failure HTTP status, before any vendor-specific refinement. */
export function codeForStatus(status: number): ClientErrorCode {
  if (status === 401) return 'AUTH';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'VALIDATION';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500 && status <= 599) return 'SERVER';
  return 'HTTP';
}
