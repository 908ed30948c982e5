import { LSQ_BASE_PATH, routerPath } from '@deskwire/wire';
import multipart from '@fastify/multipart';
import { installErrorHandler } from '../../http/error-handler.js';
import type { Dialect } from '../../http/surface.js';
import { registerLsqActivityRoutes } from './leadsquared-activity-routes.js';
import { installLsqAuth } from './leadsquared-auth.js';
import { renderLsqError } from './leadsquared-errors.js';
import { registerLsqMetadataRoutes } from './leadsquared-metadata-routes.js';
import { installLsqRateLimit } from './leadsquared-rate-limit.js';
import { lsqRouteContext } from './leadsquared-route-context.js';
import { registerLsqTicketRoutes } from './leadsquared-ticket-routes.js';

/** `/api/tenants/` — every LeadSquared path starts with it (the org id follows). */
const PATH_PREFIX = routerPath(LSQ_BASE_PATH).split(':')[0] ?? '/api/tenants/';

/**
 * The LeadSquared Service CRM ticket API under `/api/tenants/{orgId}` (docs/leadsquared-api.md): auth,
 * rate limit, multipart and the error envelope for the whole scope, then the route groups. Each route
 * decodes, calls one core function and encodes; no business rule lives in a route.
 */
export const leadSquaredDialect: Dialect = {
  name: 'leadsquared',
  owns: (path) => path.startsWith(PATH_PREFIX),
  renderError: renderLsqError,
  async register(app, { deskwire, options }) {
    await app.register(async (scope) => {
      installErrorHandler(scope, renderLsqError, (error) => deskwire.storage.classifyError(error));
      installLsqAuth(scope, deskwire, { publicDemoKeys: options.publicDemoKeys === true });
      await installLsqRateLimit(scope);
      await scope.register(multipart, {
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
      registerLsqTicketRoutes(scope, ctx);
      registerLsqActivityRoutes(scope, ctx);
      registerLsqMetadataRoutes(scope, ctx);
    });
  },
};
