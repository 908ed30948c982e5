import { isAllowed } from '../security/ip-allowlist.js';
import { secretMatches } from '../security/secret-hash.js';
import { AuthFailure } from './auth-failure.js';
import type { CoreDeps } from './deps.js';
import type { Tenant, User } from './domain.js';

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
}

/**
 * One message for every credential failure: a wrong key, a revoked key, and a key of another tenant
 * look the same, so a caller cannot learn whether a tenant or a key exists.
 */
const INVALID_CREDENTIALS = 'Invalid AccessKey or SecretKey';

/**
 * Checks a key pair against a tenant, then the tenant's API switch and IP allowlist. Every refusal is an
 * `AuthFailure` naming the reason (for the log and metrics); what the caller sees does not change with it.
 */
export async function authenticate(credentials: Credentials, deps: Pick<CoreDeps, 'storage'>): Promise<Principal> {
  const { accessKey, secretKey } = credentials;
  if (!accessKey || !secretKey) {
    throw new AuthFailure(
      'missing_credentials',
      undefined,
      'Unauthorized',
      'X-LSQ-ACCESS-KEY and X-LSQ-SECRET-KEY headers are required',
    );
  }
  const key = await deps.storage.users.findKey(accessKey);
  // Compare even when the key is unknown, so response time does not tell the two cases apart.
  const matches = secretMatches(secretKey, key?.secretHash ?? '0'.repeat(64));
  const refuse = (reason: AuthFailure['reason']) =>
    new AuthFailure(reason, key ? accessKey : undefined, 'Unauthorized', INVALID_CREDENTIALS);
  if (!key) throw refuse('unknown_key');
  if (!matches) throw refuse('wrong_secret');
  if (key.revokedAt) throw refuse('revoked');
  if (key.user.orgId !== credentials.orgId) throw refuse('other_tenant');
  const tenant = await deps.storage.tenants.get(credentials.orgId);
  if (!tenant) throw refuse('other_tenant');
  if (!tenant.apiEnabled) {
    throw new AuthFailure(
      'api_disabled',
      accessKey,
      'ApiDisabled',
      // Deskwire has no settings screen: name the command that flips the switch (the vendor names its own screen).
      `The Service CRM API is not enabled for this account; an admin can enable it with \`deskwire tenant update --org-id ${tenant.orgId} --api-enabled true\``,
    );
  }
  if (tenant.ipAllowlist && !isAllowed(credentials.ip, tenant.ipAllowlist)) {
    throw new AuthFailure(
      'address_not_allowed',
      accessKey,
      'IpNotAllowed',
      `Requests from IP address ${credentials.ip} are not allowed for this account`,
    );
  }
  return { tenant, user: key.user, accessKey };
}
