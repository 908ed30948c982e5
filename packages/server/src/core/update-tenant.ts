import { ApiError } from '../errors/api-error.js';
import { parseAllowlist } from '../security/ip-allowlist.js';
import type { CoreDeps } from './deps.js';
import type { Tenant, TenantPatch } from './domain.js';

/** Changes a tenant's name, API switch, IP allowlist or rate limit. */
export async function updateTenant(input: { orgId: number; patch: TenantPatch }, deps: CoreDeps): Promise<Tenant> {
  const { patch } = input;
  if (patch.rateLimit && (patch.rateLimit.max < 1 || patch.rateLimit.windowMs < 1)) {
    throw new ApiError('ValidationError', 'rate limit max and window must be positive');
  }
  const normalized: TenantPatch = {
    ...patch,
    ...(patch.ipAllowlist && { ipAllowlist: parseAllowlist(patch.ipAllowlist) }),
  };
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.update(input.orgId, normalized))) {
      throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    }
    const tenant = await tx.tenants.get(input.orgId);
    if (!tenant) throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    return tenant;
  });
}
