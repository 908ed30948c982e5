import { routerPath, type WireOperation } from '@deskwire/wire';
import type { RouteShorthandOptions } from 'fastify';
import './request-context.js';

export interface OperationRouteOptions {
  /** Validate the JSON body against the catalogue's schema in the route (default true when it has one). */
  checkBody?: boolean;
}

/** A route's method, URL and options for one catalogue operation; `path` picks one of its alternates. */
export interface OperationRoute extends RouteShorthandOptions {
  method: WireOperation['method'];
  url: string;
}

/**
 * Route options for an operation of the catalogue (@deskwire/wire): its router path, its name in the
 * route config (the request journal, fault rules and metrics read it there) and its schemas. Every
 * dialect route is declared through this, so no path or operation name is written twice.
 */
export function operationRoute(
  operation: WireOperation,
  options: OperationRouteOptions & { alternate?: number } = {},
): OperationRoute {
  const alternate = options.alternate === undefined ? undefined : operation.alternates?.[options.alternate];
  const query = alternate ? alternate.query : operation.query;
  const checkBody = options.checkBody ?? true;
  return {
    method: operation.method,
    url: routerPath(alternate?.path ?? operation.path),
    config: { operation: operation.name },
    schema: {
      ...(query && { querystring: query }),
      ...(checkBody && operation.body && { body: operation.body }),
      response: { 200: operation.response },
    },
  };
}

/** `operationRoute` for the operation's path and each of its alternates: every documented form is served. */
export function operationRoutes(operation: WireOperation, options: OperationRouteOptions = {}): OperationRoute[] {
  return [
    operationRoute(operation, options),
    ...(operation.alternates ?? []).map((_, alternate) => operationRoute(operation, { ...options, alternate })),
  ];
}
