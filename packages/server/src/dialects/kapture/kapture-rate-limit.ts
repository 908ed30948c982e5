import { kapRateLimitMessage } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { installTenantRateLimit } from '../../http/tenant-rate-limit.js';

/**
 * Per token: the same tenant budget the LeadSquared dialect applies per access key (default 25 calls
 * per 5 s). Kapture documents no limit; integrators pace themselves at about one call per 0.2 s
 * (vendor-apis.md §4 "Kapture" 9), which is that same budget. Call 26 gets 429
 * `{"message":"API calls exceeded the limit of 25 in 5 second(s)","status":"failed"}`.
 */
export function installKapRateLimit(app: FastifyInstance): Promise<void> {
  return installTenantRateLimit(app, { keyPrefix: 'kapture', message: kapRateLimitMessage });
}
