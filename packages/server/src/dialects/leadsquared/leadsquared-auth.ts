import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { authenticateKeyPair } from '../../http/key-pair-auth.js';
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
    request.principal = await authenticateKeyPair(request, deps, {
      publicDemoKeys: options.publicDemoKeys,
      orgId: Number((request.params as { orgId?: string }).orgId),
      surface: 'leadsquared',
    });
  });
}
