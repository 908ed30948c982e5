import type { FastifyInstance } from 'fastify';
import { authenticate } from '../../core/authenticate.js';
import type { CoreDeps } from '../../core/deps.js';
import { ApiError } from '../../errors/api-error.js';
import '../../http/request-context.js';

/**
 * `X-LSQ-ACCESS-KEY` / `X-LSQ-SECRET-KEY` on every call (vendor-apis.md §1.0 "Auth headers"), checked
 * against the org id in the path. Runs first, before body parsing, so an unauthenticated request
 * costs no parsing and no rate-limit budget.
 */
export function installLsqAuth(app: FastifyInstance, deps: Pick<CoreDeps, 'tenantConfig'>): void {
  app.addHook('onRequest', async (request) => {
    const orgId = Number((request.params as { orgId?: string }).orgId);
    if (!Number.isSafeInteger(orgId) || orgId <= 0)
      throw new ApiError('Unauthorized', 'Invalid AccessKey or SecretKey');
    request.principal = await authenticate(
      {
        orgId,
        accessKey: header(request.headers['x-lsq-access-key']),
        secretKey: header(request.headers['x-lsq-secret-key']),
        ip: request.ip,
      },
      deps,
    );
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
