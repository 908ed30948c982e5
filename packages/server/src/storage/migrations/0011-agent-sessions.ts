import type { Kysely, Migration } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * Agent sessions for Deskwire's own API (docs/api.md "Authentication"): a password hash and a disabled
 * mark on each user, and one row per signed-in session. A session row holds only the SHA-256 of its
 * token, so reading the table opens no session; it expires when idle and at an absolute time.
 */
export const agentSessionsMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0011 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  // `scrypt$N$r$p$salt$hash` (security/password-hash.ts); null: the user cannot sign in with a password.
  await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema
    .createTable('agent_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', adapter.integerType, (c) => c.notNull().references('tenants.org_id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_sessions_user').on('agent_sessions').column('user_id').execute();
  // Case-insensitive sign-in by email address.
  await db.schema.createIndex('users_email').on('users').column('email').execute();
}
