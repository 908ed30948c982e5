import { ApiError } from '../errors/api-error.js';
import { isAllowed } from '../security/ip-allowlist.js';
import { secretMatches } from '../security/secret-hash.js';
import type { CoreDeps } from './deps.js';
import type { Tenant, User } from './domain.js';
import type { TenantSnapshot } from './tenant-config.js';

export interface Credentials {
  orgId: number;
  accessKey: string | undefined;
  secretKey: string | undefined;
  /** The caller's address, checked against the tenant's allowlist. */
  ip: string;
}

export interface Principal {
  tenant: Tenant;
  user: User;
  accessKey: string;
  /**
   * The tenant's configuration as checked at authentication (`TenantConfigSource`): reads in the same
   * request take field definitions, users and settings from it instead of reading them again.
   */
  config?: TenantSnapshot;
}

/**
 * One message for every credential failure: a wrong key, a revoked key, and a key of another tenant
 * look the same, so a caller cannot learn whether a tenant or a key exists.
 */
const INVALID_CREDENTIALS = 'Invalid AccessKey or SecretKey';

/** Checks a key pair against a tenant, then the tenant's API switch and IP allowlist. */
export async function authenticate(credentials: Credentials, deps: Pick<CoreDeps, 'tenantConfig'>): Promise<Principal> {
  const { accessKey, secretKey } = credentials;
  if (!accessKey || !secretKey) {
    throw new ApiError('Unauthorized', 'X-LSQ-ACCESS-KEY and X-LSQ-SECRET-KEY headers are required');
  }
  const snapshot = await deps.tenantConfig.snapshot(credentials.orgId);
  const key = snapshot && (await deps.tenantConfig.findKey(snapshot, accessKey));
  // Compare even when the key is unknown, so response time does not tell the two cases apart.
  const matches = secretMatches(secretKey, key?.secretHash ?? '0'.repeat(64));
  if (!snapshot || !key || !matches || key.revokedAt || key.user.orgId !== credentials.orgId) {
    throw new ApiError('Unauthorized', INVALID_CREDENTIALS);
  }
  const { tenant } = snapshot;
  if (!tenant.apiEnabled) {
    throw new ApiError(
      'ApiDisabled',
      'The Service CRM API is not enabled for this account; an admin can enable it under Settings > Service Cloud > API Configurations',
    );
  }
  if (tenant.ipAllowlist && !isAllowed(credentials.ip, tenant.ipAllowlist)) {
    throw new ApiError('IpNotAllowed', `Requests from IP address ${credentials.ip} are not allowed for this account`);
  }
  return { tenant, user: key.user, accessKey, config: snapshot };
}
