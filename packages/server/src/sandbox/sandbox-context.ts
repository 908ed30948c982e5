import type { RequestLimits } from '../config.js';
import type { Tenant } from '../core/domain.js';
import type { Deskwire } from '../deskwire.js';
import { ApiError } from '../errors/api-error.js';
import type { FaultRuleStore } from './fault-rules.js';
import type { RequestJournal } from './request-journal.js';

/** What the sandbox routes work on: the data set and the sandbox's own state (in memory or in Redis). */
export interface SandboxContext {
  deskwire: Deskwire;
  journal: RequestJournal;
  faults: FaultRuleStore;
  limits: RequestLimits;
}

/** The tenant a sandbox path names, or 404 `TenantNotFound`. */
export async function requireTenant(ctx: SandboxContext, orgIdText: string): Promise<Tenant> {
  const orgId = Number(orgIdText);
  const tenant = Number.isSafeInteger(orgId) ? await ctx.deskwire.storage.tenants.get(orgId) : undefined;
  if (!tenant) throw new ApiError('TenantNotFound', `tenant ${orgIdText} does not exist`);
  return tenant;
}
