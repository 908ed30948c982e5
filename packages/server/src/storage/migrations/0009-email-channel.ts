import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * The email channel (docs/email.md): a tenant's inbound addresses, its outbound settings, and every
 * message in or out. A message row is also the outbound send job (its `send_state`), so a reply's
 * conversation and its delivery commit together.
 */
export const emailChannelMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0009 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('email_mailboxes')
    // Lower-cased; one address belongs to one tenant, so `RCPT TO` alone names the tenant.
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_mailboxes_org').on('email_mailboxes').column('org_id').execute();

  await db.schema
    .createTable('email_settings')
    .addColumn('org_id', adapter.integerType, (c) => c.primaryKey().references('tenants.org_id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('activity_id', adapter.integerType)
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('send_state', 'text')
    .addColumn('attempts', adapter.integerType, (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .execute();
  // Dedupe: the same message delivered twice (SMTP retry, IMAP re-fetch, two instances) is one row.
  await db.schema
    .createIndex('email_messages_dedupe')
    .on('email_messages')
    .columns(['org_id', 'message_id', 'content_hash'])
    .unique()
    .execute();
  await db.schema.createIndex('email_messages_mid').on('email_messages').columns(['org_id', 'message_id']).execute();
  await db.schema.createIndex('email_messages_ticket').on('email_messages').column('ticket_id').execute();
  await db.schema.createIndex('email_messages_raw').on('email_messages').column('raw_sha256').execute();
  await db.schema
    .createIndex('email_messages_queue')
    .on('email_messages')
    .columns(['send_state', 'next_attempt_at'])
    .execute();
}
