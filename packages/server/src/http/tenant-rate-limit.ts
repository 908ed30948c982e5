import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requirePrincipal } from './request-context.js';

export interface TenantRateLimitOptions {
  /** Keeps each dialect's counters apart (`lsq`, `kapture`). */
  keyPrefix: string;
  /** The dialect's 429 text for a budget of `max` calls per `windowSeconds`. */
  message: (max: number, windowSeconds: number) => string;
}

/**
 * Per credential (`principal.accessKey`: an access key or a token's public id), the tenant's budget
 * (`deskwire tenant update --rate-limit`, default 25 calls per 5 s). Registered after the dialect's
 * auth hook, so unauthenticated calls spend nothing. A 429 carries `Retry-After` and, like every
 * counted response, the IETF `RateLimit-*` headers (the vendors document none).
 */
export async function installTenantRateLimit(app: FastifyInstance, options: TenantRateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: true,
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
