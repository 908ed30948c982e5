import type { LsqErrorResponse } from '@deskwire/wire';
import type { ApiError } from '../../errors/api-error.js';

/** The LeadSquared error envelope for an `ApiError` (docs/errors.md). */
export function renderLsqError(error: ApiError): LsqErrorResponse {
  return { Status: 'Error', ExceptionType: error.code, ExceptionMessage: error.message };
}
