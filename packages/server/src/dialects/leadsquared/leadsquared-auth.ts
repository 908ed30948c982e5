import type { FastifyInstance } from 'fastify';
import { AuthFailure } from '../../core/auth-failure.js';
import { authenticate } from '../../core/authenticate.js';
import type { CoreDeps } from '../../core/deps.js';
import { refuseDemoKeyOffLoopback } from '../../http/demo-key-guard.js';
import { prefetchTicketVersion } from '../../http/prefetch-ticket-version.js';
import { reportingAuthFailures } from '../../http/report-auth-failure.js';
import '../../http/request-context.js';

/**
 * `X-LSQ-ACCESS-KEY` / `X-LSQ-SECRET-KEY` on every call (vendor-apis.md §1.0 "Auth headers"), checked
 * against the org id in the path. Runs first, before body parsing, so an unauthenticated request
 * costs no parsing and no rate-limit budget.
 */
export function installLsqAuth(
  app: FastifyInstance,
  deps: Pick<CoreDeps, 'storage' | 'tenantConfig'>,
  options: { publicDemoKeys: boolean },
): void {
  app.addHook('onRequest', async (request) => {
    request.principal = await reportingAuthFailures(request, 'leadsquared', async () => {
      const orgId = Number((request.params as { orgId?: string }).orgId);
      if (!Number.isSafeInteger(orgId) || orgId <= 0) {
        throw new AuthFailure('other_tenant', undefined, 'Unauthorized', 'Invalid AccessKey or SecretKey');
      }
      const principal = await authenticate(
        {
          orgId,
          accessKey: header(request.headers['x-lsq-access-key']),
          secretKey: header(request.headers['x-lsq-secret-key']),
          ip: request.ip,
          generation: await prefetchTicketVersion(request, orgId, deps.storage),
        },
        deps,
      );
      refuseDemoKeyOffLoopback(request, principal, options.publicDemoKeys);
      return principal;
    });
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
