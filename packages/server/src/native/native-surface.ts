import { NATIVE_BASE_PATH } from '@deskwire/wire';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { MemoryPresenceStore } from '../core/ticket-presence.js';
import { installErrorHandler } from '../http/error-handler.js';
import { renderNativeError } from '../http/native-errors.js';
import { signedUrls } from '../http/signed-urls.js';
import type { Dialect } from '../http/surface.js';
import { installTenantRateLimit } from '../http/tenant-rate-limit.js';
import { RedisPresenceStore } from '../redis/redis-presence-store.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerConfigRoutes } from './config-routes.js';
import { installNativeAuth, sessionSettings } from './native-auth.js';
import type { NativeContext } from './native-context.js';
import { registerPresenceRoutes } from './presence-routes.js';
import { registerSandboxRoutes } from './sandbox-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerTicketRoutes } from './ticket-routes.js';

const REPLIES_PATH = /^\/api\/v1\/tenants\/[^/]*\/tickets\/[^/]*\/replies\/?$/;

/**
 * Deskwire's own API under `/api/v1` (docs/api.md): every route declared from `NATIVE_OPERATIONS`,
 * authenticated with the key pair or an agent session, within the tenant's rate limit, answering
 * failures in its own error body. (The email reply endpoint, also in the catalogue, is served by the
 * email surface with the same authentication.)
 */
export const nativeSurface: Dialect = {
  name: 'native',
  // The email reply endpoint keeps the LeadSquared envelope (docs/email.md), for any method on its path.
  owns: (path) => (path === NATIVE_BASE_PATH || path.startsWith(`${NATIVE_BASE_PATH}/`)) && !REPLIES_PATH.test(path),
  renderError: renderNativeError,
  async register(app, { deskwire, options, services }) {
    const { policy, throttle } = await sessionSettings(deskwire, options, services);
    const ctx: NativeContext = {
      deskwire,
      options,
      urls: signedUrls(deskwire, options),
      sessionPolicy: policy,
      throttle,
      presence: services.redis ? new RedisPresenceStore(services.redis) : new MemoryPresenceStore(),
      // The sandbox surface registers first and decorates the app with its stores (or undefined).
      sandbox: () => app.deskwireSandbox,
    };
    await app.register(async (scope) => {
      installErrorHandler(scope, renderNativeError, (error) => deskwire.storage.classifyError(error));
      useStrictJson(scope);
      await installNativeAuth(scope, deskwire, {
        publicDemoKeys: options.publicDemoKeys === true,
        sessionPolicy: policy,
      });
      await installTenantRateLimit(scope, {
        keyPrefix: 'v1',
        message: (max, seconds) => `API calls exceeded the limit of ${max} in ${seconds} second(s)`,
      });
      registerSessionRoutes(scope, ctx);
      registerTicketRoutes(scope, ctx);
      registerAdminRoutes(scope, ctx);
      registerConfigRoutes(scope, ctx);
      registerPresenceRoutes(scope, ctx);
      registerSandboxRoutes(scope, ctx);
    });
  },
};

/**
 * TypeBox's own checker instead of the app's Ajv, which strips unknown properties: a typo in a body or
 * query must fail loudly. An empty JSON body reads as `{}` (a POST without options from a client that
 * always sends a Content-Type); anything else goes through the server's JSON parser and its safeguards.
 */
function useStrictJson(app: FastifyInstance): void {
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, {});
    else parseJson(request, text, done);
  });
}
