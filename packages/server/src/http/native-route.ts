import { type NativeOperation, routerPath } from '@deskwire/wire';
import type { RouteShorthandOptions } from 'fastify';
import './request-context.js';

export interface NativeRoute extends RouteShorthandOptions {
  method: NativeOperation['method'];
  url: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Deskwire's own API: only Admin users may call this route (`NativeOperation.adminOnly`). */
    adminOnly?: boolean;
    /** The console's own bookkeeping: the sandbox neither journals it nor applies fault rules to it. */
    quiet?: boolean;
  }
}

/**
 * Route options for an /api/v1 operation of the catalogue: its path, its name (journal, metrics, fault
 * rules), how it authenticates, whether it is Admin-only, and its schemas, so nothing is written twice.
 */
export function nativeRoute(operation: NativeOperation): NativeRoute {
  return {
    method: operation.method,
    url: routerPath(operation.path),
    config: {
      operation: operation.name,
      nativeAuth: operation.auth,
      ...(operation.adminOnly === true && { adminOnly: true }),
      ...(operation.quiet === true && { quiet: true }),
      // Signing in has no principal to count against; it has its own throttle (core/sign-in-throttle.ts).
      ...(operation.auth === 'none' && { rateLimit: false }),
    },
    schema: {
      ...(operation.params && { params: operation.params }),
      ...(operation.query && { querystring: operation.query }),
      ...(operation.body && { body: operation.body }),
      ...(operation.response && { response: { [operation.status]: operation.response } }),
    },
  };
}
