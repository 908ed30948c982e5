import type { Kysely, Selectable } from 'kysely';
import type { Tenant, TenantPatch } from '../core/domain.js';
import type { TenantStore } from '../core/store.js';
import type { Database, TenantsTable } from './database-schema.js';
import { fromFlag, fromTimestamp, parseJson, toFlag, toTimestamp } from './row-codecs.js';

export class TenantRepository implements TenantStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(tenant: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({
        org_id: tenant.orgId,
        name: tenant.name,
        api_enabled: toFlag(tenant.apiEnabled),
        ip_allowlist: tenant.ipAllowlist ? JSON.stringify(tenant.ipAllowlist) : null,
        rate_limit_max: tenant.rateLimit.max,
        rate_limit_window_ms: tenant.rateLimit.windowMs,
        last_ticket_number: 0,
        created_at: toTimestamp(tenant.createdAt),
      })
      .execute();
  }

  async get(orgId: number): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    return row && toTenant(row);
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('org_id').execute();
    return rows.map(toTenant);
  }

  async update(orgId: number, patch: TenantPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('tenants')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.apiEnabled !== undefined && { api_enabled: toFlag(patch.apiEnabled) }),
        ...(patch.ipAllowlist !== undefined && {
          ip_allowlist: patch.ipAllowlist ? JSON.stringify(patch.ipAllowlist) : null,
        }),
        ...(patch.rateLimit && {
          rate_limit_max: patch.rateLimit.max,
          rate_limit_window_ms: patch.rateLimit.windowMs,
        }),
      })
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Takes the next ticket number of a tenant. The increment and the read are one statement, so two
   * concurrent creates can never get the same number (and the caller's transaction keeps it gap-free).
   */
  async allocateTicketNumber(orgId: number): Promise<number> {
    const row = await this.db
      .updateTable('tenants')
      .set((eb) => ({ last_ticket_number: eb('last_ticket_number', '+', 1) }))
      .where('org_id', '=', orgId)
      .returning('last_ticket_number')
      .executeTakeFirstOrThrow();
    return row.last_ticket_number;
  }

  /** Moves the counter forward so that the next ticket gets a number above `number` (seeding). */
  async reserveTicketNumber(orgId: number, number: number): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ last_ticket_number: number })
      .where('org_id', '=', orgId)
      .where('last_ticket_number', '<', number)
      .execute();
  }
}

function toTenant(row: Selectable<TenantsTable>): Tenant {
  return {
    orgId: row.org_id,
    name: row.name,
    apiEnabled: fromFlag(row.api_enabled),
    ipAllowlist: row.ip_allowlist ? parseJson<string[]>(row.ip_allowlist) : null,
    rateLimit: { max: row.rate_limit_max, windowMs: row.rate_limit_window_ms },
    createdAt: fromTimestamp(row.created_at),
  };
}
