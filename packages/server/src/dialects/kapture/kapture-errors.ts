import { KAP_MESSAGES, type KapFailureResponse } from '@deskwire/wire';
import type { ApiError } from '../../errors/api-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';

/**
 * Codes whose Kapture text is fixed by the vendor's docs, whatever detail Deskwire knows: an auth
 * failure is always "Invalid Auth Key", and a body that is not a JSON object "Invalid Json.".
 */
const DOCUMENTED_MESSAGE: Partial<Record<ErrorCode, string>> = {
  Unauthorized: KAP_MESSAGES.invalidAuthKey,
  InvalidJson: KAP_MESSAGES.invalidJson,
};

/** The Kapture failure body for an `ApiError` (docs/kapture-api.md "Failures"). */
export function renderKapError(error: ApiError): KapFailureResponse {
  return { message: DOCUMENTED_MESSAGE[error.code] ?? error.message, status: 'failed' };
}
