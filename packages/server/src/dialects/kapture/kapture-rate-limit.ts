import { kapRateLimitMessage } from '@deskwire/wire';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { requirePrincipal } from '../../http/request-context.js';

/**
 * Per token: the tenant's budget, the same one the LeadSquared dialect applies per access key (default
 * 25 calls per 5 s; `deskwire tenant update --rate-limit`). Kapture documents no limit; integrators pace
 * themselves at about one call per 0.2 s (vendor-apis.md §4 "Kapture" 9), which is that same budget.
 * Call 26 gets 429 `{"message":"API calls exceeded the limit of 25 in 5 second(s)","status":"failed"}`
 * with `Retry-After` and the IETF `RateLimit-*` headers.
 */
export async function installKapRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    keyGenerator: (request) => `kapture:${requirePrincipal(request).accessKey}`,
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
      return new ApiError('RateLimitExceeded', kapRateLimitMessage(max, Math.max(1, Math.round(windowMs / 1000))), {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      });
    },
  });
}
