import { isAllowed } from '../security/ip-allowlist.js';
import { accessKeyId, secretMatches } from '../security/secret-hash.js';
import { AuthFailure } from './auth-failure.js';
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
  /** Set when the caller signed in with a session (Deskwire's own API) rather than a key pair. */
  session?: { expiresAt: Date; idleExpiresAt: Date };
}

/**
 * One message for every credential failure: a wrong key, a revoked key, and a key of another tenant
 * look the same, so a caller cannot learn whether a tenant or a key exists.
 */
const INVALID_CREDENTIALS = 'Invalid AccessKey or SecretKey';

/**
 * Checks a key pair against a tenant, then the tenant's API switch and IP allowlist, from the tenant's
 * cached configuration (tenant-config.ts). Every refusal is an `AuthFailure` naming the reason (for the
 * log and metrics); what the caller sees does not change with it.
 */
export async function authenticate(
  credentials: Credentials,
  deps: Pick<CoreDeps, 'tenantConfig' | 'storage'>,
): Promise<Principal> {
  const { accessKey, secretKey } = credentials;
  if (!accessKey || !secretKey) {
    throw new AuthFailure(
      'missing_credentials',
      undefined,
      'Unauthorized',
      'X-LSQ-ACCESS-KEY and X-LSQ-SECRET-KEY headers are required',
    );
  }
  const snapshot = await deps.tenantConfig.snapshot(credentials.orgId);
  const key = snapshot && (await deps.tenantConfig.findKey(snapshot, accessKey));
  // Compare even when the key is unknown, so response time does not tell the two cases apart.
  const matches = secretMatches(secretKey, key?.secretHash ?? '0'.repeat(64));
  const refuse = (reason: AuthFailure['reason'], known: boolean) =>
    new AuthFailure(reason, known ? accessKeyId(accessKey) : undefined, 'Unauthorized', INVALID_CREDENTIALS);
  if (!snapshot || !key) {
    // The failure path only: whose key is it, for the operator's log? (Never the hot path.)
    const elsewhere = await deps.storage.users.findKey(accessKey);
    if (!elsewhere) throw refuse('unknown_key', false);
    if (!secretMatches(secretKey, elsewhere.secretHash)) throw refuse('wrong_secret', true);
    if (elsewhere.revokedAt) throw refuse('revoked', true);
    throw refuse('other_tenant', true);
  }
  if (!matches) throw refuse('wrong_secret', true);
  if (key.revokedAt) throw refuse('revoked', true);
  if (key.user.orgId !== credentials.orgId) throw refuse('other_tenant', true);
  const { tenant } = snapshot;
  if (!tenant.apiEnabled) {
    throw new AuthFailure(
      'api_disabled',
      accessKeyId(accessKey),
      'ApiDisabled',
      // Deskwire has no settings screen: name the command that flips the switch (the vendor names its own screen).
      `The Service CRM API is not enabled for this account; an admin can enable it with \`deskwire tenant update --org-id ${tenant.orgId} --api-enabled true\``,
    );
  }
  if (tenant.ipAllowlist && !isAllowed(credentials.ip, tenant.ipAllowlist)) {
    throw new AuthFailure(
      'address_not_allowed',
      accessKeyId(accessKey),
      'IpNotAllowed',
      `Requests from IP address ${credentials.ip} are not allowed for this account`,
    );
  }
  return { tenant, user: key.user, accessKey, config: snapshot };
}
