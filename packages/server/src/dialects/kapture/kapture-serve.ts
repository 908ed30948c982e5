import type { WireOperation } from '@deskwire/wire';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { operationRoutes } from '../../http/operation-route.js';

/**
 * Declares an operation at its v.2.0 path and its legacy one (the catalogue's alternates); the body is
 * checked in the documented order by the decoders, so not by the route schema.
 */
export function serveKapOperation(app: FastifyInstance, operation: WireOperation, handler: RouteHandlerMethod): void {
  for (const route of operationRoutes(operation, { checkBody: false })) app.route({ ...route, handler });
}

/**
 * Every Kapture endpoint is POST; another method on any of its paths fails in Kapture's shape (404), not
 * the server's.
 */
export function refuseOtherMethods(app: FastifyInstance, operation: WireOperation): void {
  for (const { url } of operationRoutes(operation)) {
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      config: { rateLimit: false },
      handler: async (request) => {
        throw new ApiError('NotFound', `${request.method} is not supported; this API takes POST with a JSON body`);
      },
    });
  }
}
