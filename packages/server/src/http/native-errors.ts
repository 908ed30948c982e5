import type { NativeErrorResponse } from '@deskwire/wire';
import type { ApiError } from '../errors/api-error.js';

/** /api/v1's one error body (docs/api.md "Errors"): the code from the closed table and its message. */
export function renderNativeError(error: ApiError): NativeErrorResponse {
  return { error: { code: error.code, message: error.message } };
}
