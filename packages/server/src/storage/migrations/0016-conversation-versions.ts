import { type Kysely, type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/** The tables whose rows belong to one ticket (`ticket_id`) and show in its cached conversation answers. */
const TABLES = ['activities', 'attachments'] as const;

/**
 * Conversations and files move their ticket's version (migration 0014) too, in the writing
 * transaction, whoever writes: the L5 conversation answers cached beside the L4 ones are checked
 * against it, so a note, an inbound email or a file added by any instance or an admin command is in
 * the very next read. A new or changed row bumps its ticket as a value row does; a deleted one only
 * moves a version that still exists (its ticket may be going with it).
 */
export const conversationVersionsMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => (adapter.name === 'postgres' ? postgresTriggers(db) : sqliteTriggers(db)),
  down: async () => {
    throw new Error('migration 0016 cannot be reverted');
  },
});

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const nowMicros = `cast((julianday('now') - 2440587.5) * 86400000000 as integer)`;
  const bump = (id: string) =>
    `insert into ticket_versions (ticket_id, version) values (${id}, ${nowMicros})
     on conflict (ticket_id) do update set version = max(version + 1, excluded.version);`;
  for (const table of TABLES) {
    const triggers = [
      `create trigger ${table}_insert_version after insert on ${table} for each row begin ${bump('new.ticket_id')} end`,
      `create trigger ${table}_update_version after update on ${table} for each row begin ${bump('new.ticket_id')} end`,
      `create trigger ${table}_delete_version after delete on ${table} for each row begin
         update ticket_versions set version = max(version + 1, ${nowMicros}) where ticket_id = old.ticket_id;
       end`,
    ];
    for (const trigger of triggers) await sql.raw(trigger).execute(db);
  }
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // As migration 0014: statement-level triggers with transition tables, one version write per
  // statement and ticket; one function serves both tables (both name the ticket `ticket_id`).
  const now = '(extract(epoch from clock_timestamp()) * 1000000)::bigint';
  await sql
    .raw(
      `create function bump_ticket_version_from_conversations() returns trigger language plpgsql
         set search_path from current as $$
       begin
         if tg_op = 'DELETE' then
           update ticket_versions set version = greatest(version + 1, ${now})
             where ticket_id in (select distinct ticket_id from old_rows);
         else
           insert into ticket_versions (ticket_id, version)
             select ticket, ${now} from (select distinct ticket_id as ticket from new_rows) as changed
           on conflict (ticket_id) do update
             set version = greatest(ticket_versions.version + 1, excluded.version);
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  for (const table of TABLES) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      const transition = event === 'delete' ? 'old table as old_rows' : 'new table as new_rows';
      await sql
        .raw(
          `create trigger ${table}_${event}_version after ${event} on ${table}
           referencing ${transition} for each statement execute function bump_ticket_version_from_conversations()`,
        )
        .execute(db);
    }
  }
}
