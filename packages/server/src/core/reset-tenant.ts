import { ApiError } from '../errors/api-error.js';
import { writeDefaultSchema } from './default-tenant-schema.js';
import type { CoreDeps } from './deps.js';
import type { DeletedTicketData } from './domain.js';
import { releaseBlobs } from './release-blobs.js';
import type { Repositories } from './store.js';

export interface ResetTenantInput {
  orgId: number;
  /**
   * Keep the tenant's configuration as it is: custom fields, lookup values, ticket types and dialect
   * settings (Kapture sub-statuses, queues, …). Default false: it is restored to what a new tenant
   * starts with.
   */
  keepConfig?: boolean;
}

export interface ResetResult extends DeletedTicketData {
  orgId: number;
}

/**
 * Returns a tenant to the state of a freshly created one, in one transaction, without touching its
 * credentials: every ticket (trashed ones too), lead, conversation, note, attachment and history
 * entry is deleted, ticket numbering restarts at 1, and the configuration (fields, lookups, ticket
 * types, dialect settings) goes back to the defaults (unless `keepConfig`). Kept: the tenant's settings (name, API switch, IP allowlist, rate limit),
 * its users and its keys, so a test's credentials keep working. Other tenants are not touched.
 * The sandbox's `POST /_deskwire/tenants/{orgId}/reset` and `deskwire tenant reset` call this.
 */
export async function resetTenant(input: ResetTenantInput, deps: CoreDeps): Promise<ResetResult> {
  const { deleted, blobs } = await deps.storage.transaction(async (tx) => {
    await requireTenant(tx, input.orgId);
    const result = await tx.tenantData.deleteTicketData(input.orgId);
    if (!input.keepConfig) {
      await tx.tenantData.deleteConfiguration(input.orgId);
      await writeDefaultSchema(tx, input.orgId, deps.now());
    }
    return result;
  });
  await releaseBlobs(blobs, deps);
  return { orgId: input.orgId, ...deleted };
}

/** Deletes a tenant with everything it owns, its users and keys included. */
export async function deleteTenant(input: { orgId: number }, deps: CoreDeps): Promise<ResetResult> {
  const { deleted, blobs } = await deps.storage.transaction(async (tx) => {
    await requireTenant(tx, input.orgId);
    const result = await tx.tenantData.deleteTicketData(input.orgId);
    await tx.tenantData.deleteConfiguration(input.orgId);
    await tx.tenantData.deleteAccess(input.orgId);
    return result;
  });
  await releaseBlobs(blobs, deps);
  return { orgId: input.orgId, ...deleted };
}

/**
 * Resets every tenant (as `resetTenant`, one transaction each), or with `deleteTenants` deletes them
 * all, leaving an empty server.
 */
export async function resetAllTenants(
  input: { keepConfig?: boolean; deleteTenants?: boolean },
  deps: CoreDeps,
): Promise<ResetResult[]> {
  const results: ResetResult[] = [];
  for (const tenant of await deps.storage.tenants.list()) {
    results.push(
      input.deleteTenants
        ? await deleteTenant({ orgId: tenant.orgId }, deps)
        : await resetTenant({ orgId: tenant.orgId, ...(input.keepConfig && { keepConfig: true }) }, deps),
    );
  }
  return results;
}

async function requireTenant(tx: Repositories, orgId: number): Promise<void> {
  if (!(await tx.tenants.get(orgId))) throw new ApiError('TenantNotFound', `tenant ${orgId} does not exist`);
}
