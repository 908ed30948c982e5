import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Why a credential was refused. Callers always get the same answer for the first seven (one 401 body,
 * so nobody learns which keys or tenants exist); operators get the reason in the log and in `/metrics`.
 */
export const AUTH_FAILURE_REASONS = [
  'missing_credentials',
  'malformed_credentials',
  'unknown_key',
  'wrong_secret',
  'other_tenant',
  'wrong_api',
  'expired',
  'revoked',
  'api_disabled',
  'address_not_allowed',
] as const;

export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/**
 * A refused credential: the `ApiError` the caller sees, plus the reason and the key's public id (an access
 * key, a token id; absent when no stored key matched) for the operator. Never carries a secret.
 */
export class AuthFailure extends ApiError {
  readonly reason: AuthFailureReason;
  readonly keyId: string | undefined;

  constructor(reason: AuthFailureReason, keyId: string | undefined, code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'AuthFailure';
    this.reason = reason;
    this.keyId = keyId;
  }
}
