import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/** The first schema: tenants, users, keys, field definitions, lookups, leads, tickets, activities, files. */
export const initialMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0001 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tenants')
    .addColumn('org_id', adapter.integerType, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('api_enabled', adapter.integerType, (c) => c.notNull().defaultTo(1))
    .addColumn('ip_allowlist', 'text')
    .addColumn('rate_limit_max', adapter.integerType, (c) => c.notNull())
    .addColumn('rate_limit_window_ms', adapter.integerType, (c) => c.notNull())
    .addColumn('last_ticket_number', adapter.integerType, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org').on('users').column('org_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('access_key', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('ticket_types')
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('id', adapter.integerType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_types_pk', ['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('ticket_fields')
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('schema_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('render_type', 'text', (c) => c.notNull())
    .addColumn('lookup_schema', 'text')
    .addColumn('is_mandatory', adapter.integerType, (c) => c.notNull().defaultTo(0))
    .addColumn('is_writable', adapter.integerType, (c) => c.notNull().defaultTo(1))
    .addColumn('default_value', 'text', (c) => c.notNull().defaultTo('null'))
    .addColumn('sequence', adapter.integerType, (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_fields_pk', ['org_id', 'schema_name'])
    .execute();

  await db.schema
    .createTable('lookup_values')
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('schema_name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sorting_order', adapter.integerType, (c) => c.notNull())
    .addColumn('active', adapter.integerType, (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('lookup_values_pk', ['org_id', 'schema_name', 'value'])
    .execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leads_org_email').on('leads').columns(['org_id', 'email']).execute();
  await db.schema.createIndex('leads_org_phone').on('leads').columns(['org_id', 'phone']).execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('number', adapter.integerType, (c) => c.notNull())
    .addColumn('type_id', adapter.integerType, (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.references('leads.id'))
    .addColumn('created_by', 'text')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('creation_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('tickets_org_number', ['org_id', 'number'])
    .execute();

  await db.schema
    .createTable('ticket_field_values')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('schema_name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_field_values_pk', ['ticket_id', 'schema_name'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', adapter.autoIncrementType, (c) => adapter.autoIncrementPrimaryKey(c))
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_ticket').on('activities').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('activity_id', adapter.integerType, (c) => c.references('activities.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', adapter.integerType, (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_activity').on('attachments').column('activity_id').execute();
  await db.schema.createIndex('attachments_sha256').on('attachments').column('sha256').execute();
}
