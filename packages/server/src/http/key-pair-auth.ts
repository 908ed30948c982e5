import type { FastifyRequest } from 'fastify';
import { AuthFailure } from '../core/auth-failure.js';
import { authenticate, type Principal } from '../core/authenticate.js';
import type { CoreDeps } from '../core/deps.js';
import { refuseDemoKeyOffLoopback } from './demo-key-guard.js';
import { reportingAuthFailures } from './report-auth-failure.js';

/** The LeadSquared key-pair headers (vendor-apis.md §1.0 "Auth headers"), also taken by /api/v1. */
export const ACCESS_KEY_HEADER = 'x-lsq-access-key';
export const SECRET_KEY_HEADER = 'x-lsq-secret-key';

/** Whether the request carries either key-pair header (then it is a key-pair call, not a session one). */
export function hasKeyPair(request: FastifyRequest): boolean {
  return request.headers[ACCESS_KEY_HEADER] !== undefined || request.headers[SECRET_KEY_HEADER] !== undefined;
}

/**
 * Checks the key-pair headers against the tenant `orgId` (the path's; `undefined` or malformed when the
 * path has none that parses): the LeadSquared dialect's check, shared by every surface that takes the
 * pair. A refusal is logged and counted under `surface`, then thrown as the one 401.
 */
export async function authenticateKeyPair(
  request: FastifyRequest,
  deps: Pick<CoreDeps, 'storage' | 'tenantConfig'>,
  options: { publicDemoKeys: boolean; orgId: number | undefined; surface: 'leadsquared' | 'native' },
): Promise<Principal> {
  return reportingAuthFailures(request, options.surface, async () => {
    const { orgId } = options;
    if (orgId === undefined || !Number.isSafeInteger(orgId) || orgId <= 0) {
      throw new AuthFailure('other_tenant', undefined, 'Unauthorized', 'Invalid AccessKey or SecretKey');
    }
    const principal = await authenticate(
      {
        orgId,
        accessKey: header(request.headers[ACCESS_KEY_HEADER]),
        secretKey: header(request.headers[SECRET_KEY_HEADER]),
        ip: request.ip,
      },
      deps,
    );
    refuseDemoKeyOffLoopback(request, principal, options.publicDemoKeys);
    return principal;
  });
}

export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
