import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Deskwire } from '../../deskwire.js';
import type { ResolvedServerOptions } from '../../http/build-app.js';
import { registerLsqActivityRoutes } from './leadsquared-activity-routes.js';
import { installLsqAuth } from './leadsquared-auth.js';
import { installLsqErrorHandler } from './leadsquared-errors.js';
import { registerLsqMetadataRoutes } from './leadsquared-metadata-routes.js';
import { installLsqRateLimit } from './leadsquared-rate-limit.js';
import { lsqRouteContext } from './leadsquared-route-context.js';
import { registerLsqTicketRoutes } from './leadsquared-ticket-routes.js';

/**
 * The LeadSquared Service CRM ticket API under `/api/tenants/:orgId` (vendor-apis.md §1): auth,
 * rate limit, multipart and the error envelope for the whole scope, then the route groups. Each
 * route decodes, calls one core function and encodes; no business rule lives in a route.
 */
export async function leadSquaredRoutes(
  app: FastifyInstance,
  opts: { deskwire: Deskwire; options: ResolvedServerOptions },
): Promise<void> {
  const { deskwire, options } = opts;
  installLsqErrorHandler(app);
  installLsqAuth(app, deskwire);
  await installLsqRateLimit(app);
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: options.limits.fileBytes,
      files: options.limits.files,
      fields: 5,
      fieldSize: options.limits.bodyBytes,
      parts: options.limits.files + 5,
    },
  });
  const ctx = lsqRouteContext(deskwire, options);
  registerLsqTicketRoutes(app, ctx);
  registerLsqActivityRoutes(app, ctx);
  registerLsqMetadataRoutes(app, ctx);
}
