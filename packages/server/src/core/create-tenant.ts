import { ApiError } from '../errors/api-error.js';
import { parseAllowlist } from '../security/ip-allowlist.js';
import { generateKeyPair, hashSecret } from '../security/secret-hash.js';
import { writeDefaultSchema } from './default-tenant-schema.js';
import type { CoreDeps } from './deps.js';
import type { Tenant, User } from './domain.js';

/** The vendor's documented limit: 25 calls per 5 seconds (vendor-apis.md §1.0 "Rate limit"). */
export const DEFAULT_RATE_LIMIT = Object.freeze({ max: 25, windowMs: 5000 });

export interface CreateTenantInput {
  orgId: number;
  name: string;
  apiEnabled?: boolean;
  ipAllowlist?: string[] | null;
  rateLimit?: { max: number; windowMs: number };
  admin?: { id?: string; name?: string; email?: string | null };
  /** A fixed key pair (the demo's published keys); otherwise one is generated. */
  keyPair?: { accessKey: string; secretKey: string };
}

export interface CreatedTenant {
  tenant: Tenant;
  admin: User;
  /** The only time the secret key is available in clear text. */
  accessKey: string;
  secretKey: string;
}

/**
 * Creates a tenant with the default ticket type, fields and lookups, an Admin user and that user's
 * first key pair, in one transaction.
 */
export async function createTenant(input: CreateTenantInput, deps: CoreDeps): Promise<CreatedTenant> {
  if (!Number.isSafeInteger(input.orgId) || input.orgId <= 0) {
    throw new ApiError('ValidationError', `org id must be a positive integer, got ${input.orgId}`);
  }
  if (!input.name.trim()) throw new ApiError('ValidationError', 'tenant name must not be empty');
  const now = deps.now();
  const tenant: Tenant = {
    orgId: input.orgId,
    name: input.name.trim(),
    apiEnabled: input.apiEnabled ?? true,
    ipAllowlist: input.ipAllowlist ? parseAllowlist(input.ipAllowlist) : null,
    rateLimit: input.rateLimit ?? DEFAULT_RATE_LIMIT,
    createdAt: now,
  };
  const admin: User = {
    id: input.admin?.id ?? deps.newId(),
    orgId: input.orgId,
    name: input.admin?.name ?? 'Administrator',
    email: input.admin?.email ?? null,
    role: 'Admin',
  };
  const keys = input.keyPair ?? generateKeyPair();
  await deps.storage.transaction(async (tx) => {
    if (await tx.tenants.get(input.orgId)) {
      throw new ApiError('TenantExists', `tenant ${input.orgId} already exists`);
    }
    // User ids are unique across tenants: a chosen admin id must be free everywhere.
    if (input.admin?.id && (await tx.users.exists(input.admin.id))) {
      throw new ApiError('ValidationError', `user id ${input.admin.id} is already taken`);
    }
    await tx.tenants.create(tenant);
    await writeDefaultSchema(tx, tenant.orgId, now);
    await tx.users.create(admin, now);
    await tx.users.createKey(
      { accessKey: keys.accessKey, secretHash: hashSecret(keys.secretKey), userId: admin.id, orgId: tenant.orgId },
      now,
    );
  });
  return { tenant, admin, accessKey: keys.accessKey, secretKey: keys.secretKey };
}
