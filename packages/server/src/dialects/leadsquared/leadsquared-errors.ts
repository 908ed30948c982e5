import type { LsqErrorResponse } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import type { ApiError } from '../../errors/api-error.js';
import { toApiError } from '../../http/to-api-error.js';

/** The LeadSquared error envelope for an `ApiError` (docs/errors.md). */
export function renderLsqError(error: ApiError): LsqErrorResponse {
  return { Status: 'Error', ExceptionType: error.code, ExceptionMessage: error.message };
}

/** Every failure inside the dialect's scope answers with the envelope and the code's status. */
export function installLsqErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(apiError.statusCode).headers(apiError.headers).send(renderLsqError(apiError));
  });
}
