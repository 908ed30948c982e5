import type { Kysely } from 'kysely';
import type { DeletedTicketData } from '../core/domain.js';
import type { TenantDataStore } from '../core/store.js';
import type { Database } from './database-schema.js';

/** Tables with an `org_id` column: the rows a tenant owns. */
export type TenantTable = { [K in keyof Database]: 'org_id' extends keyof Database[K] ? K : never }[keyof Database];

// Every per-tenant table, in three groups, each listed children before parents so that deletes
// never trip a foreign key. A new per-tenant table must join one of them (and is then deleted with
// its group); test/storage/tenant-data.test.ts fails until it does.

/** A tenant's tickets and everything hanging off them: cleared by a reset. */
export const TICKET_DATA_TABLES = [
  // The event log and its pending deliveries (migration 0012) describe these tickets: they go with them. The
  // sequence counter stays (TENANT_ACCESS_TABLES), so a reader resuming after N never sees a number again.
  'webhook_deliveries',
  'events',
  'email_messages',
  'ticket_history',
  'attachments',
  'activities',
  'kapture_ticket_state',
  // The search rows (migration 0010); deleting a row also deletes its SQLite FTS5 entry (a trigger).
  'ticket_search_tags',
  'ticket_search',
  'tickets',
  'leads',
] as const satisfies readonly TenantTable[];
/** Ticket types, fields, lookups and dialect settings: restored to the defaults by a reset (unless kept). */
export const TENANT_CONFIG_TABLES = [
  'lookup_values',
  'ticket_fields',
  'ticket_types',
  // No row means Kapture's documented defaults.
  'kapture_settings',
  // No row means the email defaults; inbound addresses are kept (TENANT_ACCESS_TABLES).
  'email_settings',
] as const satisfies readonly TenantTable[];
/** The tenant, its users and credentials: kept by a reset, deleted only with the tenant. */
export const TENANT_ACCESS_TABLES = [
  // Inbound addresses: like keys, how the outside reaches the tenant; a reset keeps them.
  'email_mailboxes',
  'agent_sessions',
  // Webhook endpoints, like keys and mailboxes, are how the tenant reaches the outside: a reset keeps them.
  'webhook_endpoints',
  'event_sequences',
  'api_keys',
  'api_tokens',
  'users',
  'tenants',
] as const satisfies readonly TenantTable[];

/**
 * Bulk deletes of one tenant's rows, for the sandbox reset and tenant deletion (core/reset-tenant.ts).
 * Plain deletes in dependency order: nothing relies on the engine cascading.
 */
export class TenantDataRepository implements TenantDataStore {
  constructor(readonly db: Kysely<Database>) {}

  /**
   * Deletes every ticket (trashed ones too), with its values, conversations, notes, attachment rows
   * and history, and every lead, then restarts ticket numbering at 1. Returns the counts and the
   * blob hashes the deleted attachments referred to (the caller removes blobs nothing else uses).
   */
  async deleteTicketData(orgId: number): Promise<{ deleted: DeletedTicketData; blobs: string[] }> {
    const blobs = await this.db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where('org_id', '=', orgId)
      .execute();
    // The one ticket table without an org_id: reached through its tickets, before they go.
    await this.db
      .deleteFrom('ticket_field_values')
      .where('ticket_id', 'in', (eb) => eb.selectFrom('tickets').select('id').where('org_id', '=', orgId))
      .execute();
    const counts = new Map<TenantTable, number>();
    for (const table of TICKET_DATA_TABLES) counts.set(table, await this.#deleteRows(table, orgId));
    await this.db.updateTable('tenants').set({ last_ticket_number: 0 }).where('org_id', '=', orgId).execute();
    return {
      deleted: {
        tickets: counts.get('tickets') ?? 0,
        leads: counts.get('leads') ?? 0,
        activities: counts.get('activities') ?? 0,
        attachments: counts.get('attachments') ?? 0,
        history: counts.get('ticket_history') ?? 0,
      },
      blobs: blobs.map((row) => row.sha256),
    };
  }

  /** Deletes the tenant's ticket types, field definitions and lookup values (to be re-created). */
  async deleteConfiguration(orgId: number): Promise<void> {
    for (const table of TENANT_CONFIG_TABLES) await this.#deleteRows(table, orgId);
  }

  /** Deletes the tenant's credentials, users and the tenant itself; call after the two deletes above. */
  async deleteAccess(orgId: number): Promise<void> {
    for (const table of TENANT_ACCESS_TABLES) await this.#deleteRows(table, orgId);
  }

  async #deleteRows(table: TenantTable, orgId: number): Promise<number> {
    const result = await this.db.deleteFrom(table).where('org_id', '=', orgId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
