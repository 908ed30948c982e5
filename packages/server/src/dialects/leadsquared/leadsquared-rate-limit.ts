import { lsqRateLimitMessage } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { installTenantRateLimit } from '../../http/tenant-rate-limit.js';

/**
 * Per access key: the tenant's budget (default 25 calls per 5 s, vendor-apis.md §1.0), the 26th call
 * answered 429 with the documented text "API calls exceeded the limit of 25 in 5 second(s)".
 */
export function installLsqRateLimit(app: FastifyInstance): Promise<void> {
  return installTenantRateLimit(app, { keyPrefix: 'lsq', message: lsqRateLimitMessage });
}
