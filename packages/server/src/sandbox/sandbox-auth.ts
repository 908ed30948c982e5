import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** The header that carries the admin token when `Authorization` is taken (e.g. by a proxy). */
export const ADMIN_TOKEN_HEADER = 'x-deskwire-admin-token';

/**
 * Every sandbox route requires the admin token, as `Authorization: Bearer <token>` or
 * `X-Deskwire-Admin-Token: <token>`. Tenant API keys, even an Admin user's, are never accepted
 * here, and the token is never accepted on the vendor routes: the two kinds of credentials stay apart.
 */
export function installSandboxAuth(app: FastifyInstance, adminToken: string): void {
  const expected = digest(adminToken);
  app.addHook('onRequest', async (request) => {
    const presented = presentedToken(request);
    // Compared as fixed-length digests in constant time: neither content nor length leaks through timing.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new ApiError(
        'Unauthorized',
        'The sandbox controls need the admin token: Authorization: Bearer <token> or X-Deskwire-Admin-Token',
      );
    }
  });
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[ADMIN_TOKEN_HEADER];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct) return direct;
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  return bearer;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
