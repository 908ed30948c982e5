import { type Kysely, type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * A version per ticket that the database moves whenever the ticket row or any of its field values
 * changes, whoever writes (this server, another instance, an admin command, hand-written SQL): the
 * key a server's cached read answers are checked against (http/ticket-response-cache.ts), read with
 * one indexed statement per request.
 *
 * A new version is `max(previous + 1, now in microseconds)`: it always grows for a ticket, and a
 * ticket deleted and inserted again under the same id (a reset re-seeding a fixed GUID) starts above
 * any version it had before, as long as the database's clock does not go back. The row goes with its
 * ticket. Tickets that exist when the migration runs start at 1.
 */
export const ticketVersionsMigration = (adapter: StorageAdapter): Migration => ({
  up: (db) => up(db, adapter),
  down: async () => {
    throw new Error('migration 0014 cannot be reverted');
  },
});

async function up(db: Kysely<unknown>, adapter: StorageAdapter): Promise<void> {
  await db.schema
    .createTable('ticket_versions')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('version', adapter.integerType, (c) => c.notNull())
    .execute();
  await sql.raw('insert into ticket_versions (ticket_id, version) select id, 1 from tickets').execute(db);
  if (adapter.name === 'postgres') await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const nowMicros = `cast((julianday('now') - 2440587.5) * 86400000000 as integer)`;
  const bump = (id: string) =>
    `insert into ticket_versions (ticket_id, version) values (${id}, ${nowMicros})
     on conflict (ticket_id) do update set version = max(version + 1, excluded.version);`;
  const triggers = [
    `create trigger tickets_insert_version after insert on tickets for each row begin ${bump('new.id')} end`,
    `create trigger tickets_update_version after update on tickets for each row begin ${bump('new.id')} end`,
    `create trigger tickets_delete_version after delete on tickets for each row begin
       delete from ticket_versions where ticket_id = old.id;
     end`,
    `create trigger ticket_values_insert_version after insert on ticket_field_values for each row begin
       ${bump('new.ticket_id')} end`,
    `create trigger ticket_values_update_version after update on ticket_field_values for each row begin
       ${bump('new.ticket_id')} end`,
    // A ticket deleted with its values: no version row is left behind for it.
    `create trigger ticket_values_delete_version after delete on ticket_field_values for each row begin
       update ticket_versions set version = max(version + 1, ${nowMicros}) where ticket_id = old.ticket_id;
     end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // Statement-level triggers with transition tables: one version write per statement and ticket, not
  // one per value row (an L1 create inserts all its values in one statement). `set search_path from
  // current` pins the schema, as for the config generation (migration 0007).
  const bumpFor = (table: string, column: string) =>
    `insert into ticket_versions (ticket_id, version)
       select ticket, (extract(epoch from clock_timestamp()) * 1000000)::bigint
       from (select distinct ${column} as ticket from ${table}) as changed
     on conflict (ticket_id) do update
       set version = greatest(ticket_versions.version + 1, excluded.version);`;
  await sql
    .raw(
      `create function bump_ticket_version_from_tickets() returns trigger language plpgsql
         set search_path from current as $$
       begin
         if tg_op = 'DELETE' then
           delete from ticket_versions where ticket_id in (select id from old_rows);
         else
           ${bumpFor('new_rows', 'id')}
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function bump_ticket_version_from_values() returns trigger language plpgsql
         set search_path from current as $$
       begin
         if tg_op = 'DELETE' then
           update ticket_versions
             set version = greatest(version + 1, (extract(epoch from clock_timestamp()) * 1000000)::bigint)
             where ticket_id in (select distinct ticket_id from old_rows);
         else
           ${bumpFor('new_rows', 'ticket_id')}
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  // PostgreSQL allows one event per trigger when it has transition tables.
  for (const [table, fn] of [
    ['tickets', 'bump_ticket_version_from_tickets'],
    ['ticket_field_values', 'bump_ticket_version_from_values'],
  ] as const) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      const transition = event === 'delete' ? 'old table as old_rows' : 'new table as new_rows';
      await sql
        .raw(
          `create trigger ${table}_${event}_version after ${event} on ${table}
           referencing ${transition} for each statement execute function ${fn}()`,
        )
        .execute(db);
    }
  }
}
