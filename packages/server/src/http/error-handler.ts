import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiError } from '../errors/api-error.js';
import { type ClassifyStoreError, toApiError } from './to-api-error.js';

/** Renders an `ApiError` as a dialect's error body (the request: for a renderer that picks by path). */
export type RenderError = (error: ApiError, request: FastifyRequest) => unknown;

/**
 * Every failure in the scope (framework errors included: a body that is not JSON, too large, the wrong
 * content type) answers with `render`'s body and the code's HTTP status. Server errors are logged with
 * their cause; the body never carries it.
 */
export function installErrorHandler(app: FastifyInstance, render: RenderError, classify: ClassifyStoreError): void {
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, classify);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(apiError.statusCode).headers(apiError.headers).send(render(apiError, request));
  });
}
