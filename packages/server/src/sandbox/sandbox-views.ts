import type { Tenant, TicketField, User } from '../core/domain.js';

/** Domain objects as the sandbox answers them (sandbox-schemas.ts `*View`): plain JSON, ISO dates. */
export const tenantView = (t: Tenant) => ({
  orgId: t.orgId,
  name: t.name,
  apiEnabled: t.apiEnabled,
  ipAllowlist: t.ipAllowlist,
  rateLimit: t.rateLimit,
  createdAt: t.createdAt.toISOString(),
});

export const userView = (u: User) => ({ id: u.id, orgId: u.orgId, name: u.name, email: u.email, role: u.role });

export const fieldView = (f: TicketField) => ({
  schemaName: f.schemaName,
  displayName: f.displayName,
  dataType: f.dataType,
  lookupSchema: f.lookupSchema,
  isMandatory: f.isMandatory,
  sequence: f.sequence,
});
