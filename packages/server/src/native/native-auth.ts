import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SessionPolicy } from '../core/agent-sessions.js';
import { MemoryFailureCounter } from '../core/memory-failure-counter.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInThrottle } from '../core/sign-in-throttle.js';
import type { Deskwire } from '../deskwire.js';
import { ApiError } from '../errors/api-error.js';
import { installAgentAuth } from '../http/agent-auth.js';
import type { AppServices } from '../http/app-services.js';
import type { ResolvedServerOptions } from '../http/server-options.js';
import { sessionPolicyOf } from '../http/session-policy.js';
import { RedisFailureCounter } from '../redis/redis-failure-counter.js';
import '../http/native-route.js';

/**
 * The session lifetimes and the sign-in throttle of this server (`ServerOptions.sessions`). Failed
 * sign-ins are counted in Redis when the app has it (every instance together), else in this process.
 */
export async function sessionSettings(
  deskwire: Deskwire,
  options: ResolvedServerOptions,
  services: Pick<AppServices, 'redis'>,
): Promise<{ policy: SessionPolicy; throttle: SignInThrottle }> {
  const s = options.sessions;
  const policy = sessionPolicyOf(options);
  const counter = services.redis ? new RedisFailureCounter(services.redis) : new MemoryFailureCounter(deskwire.now);
  // One key per data set, so every instance on it names a counter alike.
  const keySecret = await deskwire.storage.settings.getOrInit(THROTTLE_KEY_SETTING, randomBytes(32).toString('hex'));
  const limits = {
    perAccount: s?.signIn?.perAccount ?? DEFAULT_SIGN_IN_LIMITS.perAccount,
    perAddress: s?.signIn?.perAddress ?? DEFAULT_SIGN_IN_LIMITS.perAddress,
    windowMs: s?.signIn?.windowSeconds !== undefined ? s.signIn.windowSeconds * 1000 : DEFAULT_SIGN_IN_LIMITS.windowMs,
  };
  return { policy, throttle: new SignInThrottle(counter, Buffer.from(keySecret, 'hex'), limits) };
}

/** The database setting that holds the key of the sign-in throttle's counter names. */
const THROTTLE_KEY_SETTING = 'sign_in_throttle_key';

/**
 * /api/v1 authentication (http/agent-auth.ts: key pair or session plus CSRF), then roles: a route the
 * catalogue marks Admin-only refuses an Agent with 403 before its body is even parsed.
 */
export async function installNativeAuth(
  app: FastifyInstance,
  deskwire: Deskwire,
  options: { publicDemoKeys: boolean; sessionPolicy: SessionPolicy },
): Promise<void> {
  await installAgentAuth(app, deskwire, options);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.adminOnly !== true) return;
    if (request.principal?.user.role !== 'Admin') {
      throw new ApiError(
        'Forbidden',
        `${request.routeOptions.config.operation ?? 'This operation'} is available to Admin users only`,
      );
    }
  });
}
