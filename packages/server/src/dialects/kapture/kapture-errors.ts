import { KAP_MESSAGES, type KapFailureResponse } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import type { ApiError } from '../../errors/api-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';
import { toApiError } from '../../http/to-api-error.js';

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

/**
 * Every failure inside the dialect's scope, framework errors included (a body that is not JSON, too
 * large, the wrong content type), answers `{"message","status":"failed"}` with the code's HTTP status.
 */
export function installKapErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(apiError.statusCode).headers(apiError.headers).send(renderKapError(apiError));
  });
}
