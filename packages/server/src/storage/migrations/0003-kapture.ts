import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * The Kapture dialect: per-API auth tokens, a tenant's Kapture configuration (sub-statuses, queues,
 * dispositions, id bases, time zone), each ticket's Kapture-only state (sub-status key, queue,
 * disposition, callback, extra fields), and an index for K4's day listing.
 */
export const kaptureMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0003 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('api', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_org').on('api_tokens').column('org_id').execute();

  await db.schema
    .createTable('kapture_settings')
    .addColumn('org_id', adapter.integerType, (c) => c.primaryKey().references('tenants.org_id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kapture_ticket_state')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('sub_status_key', 'text')
    .addColumn('queue_key', 'text')
    .addColumn('disposition', 'text')
    .addColumn('callback_at', 'text')
    .addColumn('additional_info', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kapture_ticket_state_org').on('kapture_ticket_state').column('org_id').execute();

  await db.schema.createIndex('tickets_org_created').on('tickets').columns(['org_id', 'created_at']).execute();
}
