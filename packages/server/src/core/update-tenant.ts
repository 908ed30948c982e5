import { ApiError } from '../errors/api-error.js';
import { parseAllowlist } from '../security/ip-allowlist.js';
import type { CoreDeps } from './deps.js';
import type { Tenant, TenantPatch } from './domain.js';
import { emitEvent } from './emit-event.js';

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
    const before = await tx.tenants.get(input.orgId);
    if (!(await tx.tenants.update(input.orgId, normalized))) {
      throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    }
    const tenant = await tx.tenants.get(input.orgId);
    if (!tenant) throw new ApiError('ValidationError', `tenant ${input.orgId} does not exist`);
    // Switching the API off matters to every client of the tenant; switching it on (or again off) does not.
    if (before?.apiEnabled === true && !tenant.apiEnabled) {
      await emitEvent(
        tx,
        {
          orgId: input.orgId,
          type: 'tenant.api_disabled',
          at: deps.now(),
          actor: { type: 'system', id: null },
          ticket: null,
          data: {},
        },
        deps.newId,
      );
    }
    return tenant;
  });
}
