import type { Principal } from '../core/authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by a dialect's auth hook before any handler runs. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /**
     * Stable name of the vendor operation a route serves (`lsq.getTicket`, `kapture.getTickets`, …):
     * what the request journal records and what sandbox fault rules match on.
     */
    operation?: string;
    /** Deskwire's own API: which credentials the route takes (`NativeOperation.auth`, docs/api.md). */
    nativeAuth?: 'any' | 'session' | 'none';
  }
}

export function requirePrincipal(request: { principal?: Principal }): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}
