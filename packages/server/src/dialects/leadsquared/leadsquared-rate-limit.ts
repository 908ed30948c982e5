import { lsqRateLimitMessage } from '@deskwire/wire';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { requirePrincipal } from '../../http/request-context.js';

/**
 * Per access key: the tenant's budget (default 25 calls per 5 s, vendor-apis.md §1.0), the 26th call
 * answered 429 with the documented text "API calls exceeded the limit of 25 in 5 second(s)". The
 * vendor documents no headers; Deskwire adds `Retry-After` and the IETF `RateLimit-*` headers.
 */
export async function installLsqRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    keyGenerator: (request) => `lsq:${requirePrincipal(request).accessKey}`,
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
      return new ApiError('RateLimitExceeded', lsqRateLimitMessage(max, Math.max(1, Math.round(windowMs / 1000))), {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      });
    },
  });
}
