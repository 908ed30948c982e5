import { type Kysely, type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * A per-tenant generation counter that the database itself moves whenever anything a server keeps in
 * memory changes: the tenant's settings (name, API switch, allowlist, rate limit, but not its ticket
 * counter), users, API keys, Kapture tokens and settings, field definitions and lookup values.
 * Triggers do the counting, so every writer is covered without knowing about caches: this server,
 * another instance, `deskwire` admin commands on the same file or database, even a hand-written SQL
 * statement. A server reads the tenant's counter once per request (one primary-key read) and drops
 * its cached copy when the number moved (core/tenant-config-cache.ts).
 *
 * The counter row outlives its tenant on purpose (its key is `tenant_org`, not `org_id`, so it is no per-tenant
 * data for reset and deletion): a tenant deleted and created again keeps counting upwards, so a server still
 * holding the old tenant's snapshot can never meet the same number for the new one. It holds no tenant data.
 */
export const configGenerationsMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0007 cannot be reverted');
  },
});

/** Tables whose rows feed the tenant configuration cache, and the columns whose change matters. */
const WATCHED: ReadonlyArray<{ table: string; updateOf?: readonly string[] }> = [
  // `last_ticket_number` moves on every create: leaving it out keeps creates from emptying the cache.
  { table: 'tenants', updateOf: ['name', 'api_enabled', 'ip_allowlist', 'rate_limit_max', 'rate_limit_window_ms'] },
  { table: 'users' },
  { table: 'api_keys' },
  { table: 'api_tokens' },
  { table: 'kapture_settings' },
  { table: 'ticket_fields' },
  { table: 'lookup_values' },
  { table: 'ticket_types' },
];

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('config_generations')
    .addColumn('tenant_org', adapter.integerType, (c) => c.primaryKey())
    .addColumn('generation', adapter.integerType, (c) => c.notNull())
    .execute();
  if (adapter.name === 'postgres') await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  for (const { table, updateOf } of WATCHED) {
    for (const [event, row] of [
      ['insert', 'new'],
      ['delete', 'old'],
      ['update', 'new'],
    ] as const) {
      const on = event === 'update' && updateOf ? `update of ${updateOf.join(', ')}` : event;
      await sql
        .raw(
          `create trigger ${table}_${event}_config_generation after ${on} on ${table} for each row begin
             insert into config_generations (tenant_org, generation) values (${row}.org_id, 1)
             on conflict (tenant_org) do update set generation = generation + 1;
           end`,
        )
        .execute(db);
    }
  }
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // The function, the counter table and the tables share one schema (several Deskwire schemas may
  // share a database); `set search_path from current` pins it, so a writer with another search_path
  // (a psql session) still counts in the right table.
  await sql
    .raw(
      `create function bump_config_generation() returns trigger language plpgsql set search_path from current as $$
       declare
         org bigint;
       begin
         if tg_op = 'DELETE' then org := old.org_id; else org := new.org_id; end if;
         insert into config_generations (tenant_org, generation) values (org, 1)
         on conflict (tenant_org) do update set generation = config_generations.generation + 1;
         return null;
       end $$`,
    )
    .execute(db);
  for (const { table, updateOf } of WATCHED) {
    const update = updateOf ? `update of ${updateOf.join(', ')}` : 'update';
    await sql
      .raw(
        `create trigger ${table}_config_generation after insert or delete or ${update} on ${table}
         for each row execute function bump_config_generation()`,
      )
      .execute(db);
  }
}
