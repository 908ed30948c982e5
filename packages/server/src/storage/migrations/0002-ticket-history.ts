import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/** Field-level change history of tickets (what Kapture's `history_type` reports; `IsUpdated` on reads). */
export const ticketHistoryMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0002 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('ticket_history')
    .addColumn('id', adapter.autoIncrementType, (c) => adapter.autoIncrementPrimaryKey(c))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('schema_name', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text', (c) => c.notNull())
    .addColumn('new_value', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_history_ticket').on('ticket_history').columns(['ticket_id', 'id']).execute();
}
