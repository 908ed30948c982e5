import type { Tenant } from '@deskwire/server';

/** A tenant for storage tests: API on, no allowlist, LeadSquared's documented 25 calls per 5 s. */
export const testTenant = (orgId: number, createdAt = new Date('2025-01-01T00:00:00Z')): Tenant => ({
  orgId,
  name: `Org ${orgId}`,
  apiEnabled: true,
  ipAllowlist: null,
  rateLimit: { max: 25, windowMs: 5000 },
  createdAt,
});
