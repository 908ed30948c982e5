import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * The event log and webhooks (docs/webhooks.md): a transactional outbox. Every committed change writes
 * its event, and one delivery row per matching webhook endpoint, in the change's own transaction, so
 * an event is never lost between the commit and its delivery. Rows go with their tenant (cascade).
 */
export const eventLogMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0012 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  const int = adapter.integerType;
  // The per-tenant sequence: incremented in the writing transaction, so it is gap-free and in commit
  // order per tenant (two writers of one tenant serialise on this row, as they do on ticket numbers).
  await db.schema
    .createTable('event_sequences')
    .addColumn('org_id', int, (c) => c.primaryKey().references('tenants.org_id').onDelete('cascade'))
    .addColumn('last_sequence', int, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('org_id', int, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('sequence', int, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    // The whole envelope as delivered (JSON), so every delivery of an event is byte-identical.
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['org_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', int, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    // JSON array of event types; empty: every type.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The signing secret (`whsec_…`). Kept, not hashed: signing needs it; shown once, on creation.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('enabled', int, (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_org').on('webhook_endpoints').column('org_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', int, (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('sequence', int, (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    // Deliveries of one ticket's events to one endpoint go out in sequence order.
    .addColumn('ticket_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', int, (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    // Retries stop (and the endpoint is disabled) once this passes: 24 h after the first attempt was due.
    .addColumn('give_up_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('response_status', int)
    .addColumn('response_excerpt', 'text')
    .addColumn('latency_ms', int)
    .addForeignKeyConstraint(
      'webhook_deliveries_event',
      ['org_id', 'sequence'],
      'events',
      ['org_id', 'sequence'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_order')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'ticket_id', 'sequence'])
    .execute();
}
