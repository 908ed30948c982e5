import { ERROR_STATUS, type ErrorCode } from './error-codes.js';

/**
 * The one error class of the server core. `code` is stable and documented; `message` is written for
 * the integrator and never contains a secret. `headers` carries e.g. `Retry-After`.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    this.headers = Object.freeze({ ...options?.headers });
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
