import { installErrorHandler } from '../../http/error-handler.js';
import type { Dialect } from '../../http/surface.js';
import { installKapAuth } from './kapture-auth.js';
import { registerKaptureCustomerRoutes } from './kapture-customer-routes.js';
import { renderKapError } from './kapture-errors.js';
import { installKapRateLimit } from './kapture-rate-limit.js';
import { registerKaptureRoutes } from './kapture-routes.js';

/**
 * The Kapture CRM dialect (docs/kapture-api.md) over the same ticket store as the LeadSquared one, its
 * customers being the same leads. Its paths sit at the server's root and end in `.html/v.2.0` (and
 * in `.html`, the legacy form); the token names the tenant.
 */
export const kaptureDialect: Dialect = {
  name: 'kapture',
  owns: (path) => path.includes('.html'),
  renderError: renderKapError,
  async register(app, { deskwire, options }) {
    await app.register(async (scope) => {
      installErrorHandler(scope, renderKapError, (error) => deskwire.storage.classifyError(error));
      installKapAuth(scope, deskwire);
      await installKapRateLimit(scope);
      registerKaptureRoutes(scope, deskwire, options);
      registerKaptureCustomerRoutes(scope, deskwire);
    });
  },
};
