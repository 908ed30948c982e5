import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { redisRateLimitStore } from '../redis/redis-rate-limit-store.js';
import './app-services.js';
import { requirePrincipal } from './request-context.js';

export interface TenantRateLimitOptions {
  /** Keeps each dialect's counters apart (`lsq`, `kapture`); also the `dialect` label of the 429 metric. */
  keyPrefix: string;
  /** The dialect's 429 text for a budget of `max` calls per `windowSeconds`. */
  message: (max: number, windowSeconds: number) => string;
}

/**
 * Per credential (`principal.accessKey`: an access key or a token's public id), the tenant's budget
 * (`deskwire tenant update --rate-limit`, default 25 calls per 5 s). Registered after the dialect's
 * auth hook, so unauthenticated calls spend nothing. A 429 carries `Retry-After` and, like every
 * counted response, the IETF `RateLimit-*` headers (the vendors document none).
 *
 * Counters live in this process, or with `redisUrl` in Redis (a fixed window per credential), so a
 * budget holds across every instance together. If Redis cannot count a call, the call is refused
 * with 503 rather than let through (redis-rate-limit-store.ts).
 */
export async function installTenantRateLimit(app: FastifyInstance, options: TenantRateLimitOptions): Promise<void> {
  const services = app.hasDecorator('deskwireServices') ? app.deskwireServices : undefined;
  await app.register(rateLimit, {
    global: true,
    ...(services?.redis && { store: redisRateLimitStore(services.redis) }),
    onExceeded: () => services?.metrics.recordRateLimitRejection(options.keyPrefix),
    hook: 'onRequest',
    keyGenerator: (request) => `${options.keyPrefix}:${requirePrincipal(request).accessKey}`,
    max: async (request) => requirePrincipal(request).tenant.rateLimit.max,
    timeWindow: async (request) => requirePrincipal(request).tenant.rateLimit.windowMs,
    enableDraftSpec: true,
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    errorResponseBuilder: (request, context) => {
      const { max, windowMs } = requirePrincipal(request).tenant.rateLimit;
      return new ApiError('RateLimitExceeded', options.message(max, Math.max(1, Math.round(windowMs / 1000))), {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      });
    },
  });
}
