import { KAP_MESSAGES, type KapCustomerNotFoundResponse, type KapFailureResponse } from '@deskwire/wire';
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

/**
 * The Kapture failure body for an `ApiError` (docs/kapture-api.md "Failures"). K6's "no such customer"
 * has a shape of its own: the sentence sits where the customer would (`"Customer Details"`).
 */
export function renderKapError(error: ApiError): KapFailureResponse | KapCustomerNotFoundResponse {
  if (error.code === 'CustomerNotFound') return { 'Customer Details': error.message, status: 'failed' };
  return { message: DOCUMENTED_MESSAGE[error.code] ?? error.message, status: 'failed' };
}
