import type { Principal } from '../core/authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by a dialect's auth hook before any handler runs. */
    principal?: Principal;
  }
}

export function requirePrincipal(request: { principal?: Principal }): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}
