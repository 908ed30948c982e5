import { type Kysely, type Migration, sql } from 'kysely';
import type { StorageAdapter } from '../storage-adapter.js';

/**
 * The tables whose rows belong to one ticket (`ticket_id`) and show in its cached read answers:
 * conversations and files (L5, K3), field history and the Kapture state (K3).
 */
const TABLES = ['activities', 'attachments', 'ticket_history', 'kapture_ticket_state'] as const;

/**
 * Everything a cached ticket read shows moves the ticket's version (migration 0014) too, in the writing
 * transaction, whoever writes: a note, an inbound email, a file, a history row, a Kapture state change
 * on the ticket, and a change to the lead it names (its email, phone and name are in K3's answer). The
 * L5 and K3 answers cached beside the L4 ones are checked against it, so a write by any instance or an
 * admin command is in the very next read. A new or changed row bumps its ticket as a value row does; a
 * deleted one only moves a version that still exists (its ticket may be going with it). An index on
 * `tickets.lead_id` keeps a lead's change from scanning every ticket.
 */
export const recordVersionsMigration = (adapter: StorageAdapter): Migration => ({
  up: async (db) => {
    await db.schema.createIndex('tickets_lead').on('tickets').column('lead_id').execute();
    await (adapter.name === 'postgres' ? postgresTriggers(db) : sqliteTriggers(db));
  },
  down: async () => {
    throw new Error('migration 0016 cannot be reverted');
  },
});

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const nowMicros = `cast((julianday('now') - 2440587.5) * 86400000000 as integer)`;
  const bump = (id: string) =>
    `insert into ticket_versions (ticket_id, version) values (${id}, ${nowMicros})
     on conflict (ticket_id) do update set version = max(version + 1, excluded.version);`;
  const move = (where: string) => `update ticket_versions set version = max(version + 1, ${nowMicros}) where ${where};`;
  const triggers = TABLES.flatMap((table) => [
    `create trigger ${table}_insert_version after insert on ${table} for each row begin ${bump('new.ticket_id')} end`,
    // A row moved to another ticket changes what both show.
    `create trigger ${table}_update_version after update on ${table} for each row begin ${bump('new.ticket_id')}
       ${move('ticket_id = old.ticket_id and old.ticket_id is not new.ticket_id')} end`,
    `create trigger ${table}_delete_version after delete on ${table} for each row begin
       ${move('ticket_id = old.ticket_id')} end`,
  ]);
  const ofLead = (row: string) => `ticket_id in (select id from tickets where lead_id = ${row}.id)`;
  triggers.push(
    `create trigger leads_update_version after update on leads for each row begin ${move(ofLead('new'))} end`,
    `create trigger leads_delete_version after delete on leads for each row begin ${move(ofLead('old'))} end`,
  );
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // As migration 0014: statement-level triggers with transition tables, one version write per
  // statement and ticket; one function serves the tables that name the ticket `ticket_id`.
  const now = '(extract(epoch from clock_timestamp()) * 1000000)::bigint';
  const move = (tickets: string) =>
    `update ticket_versions set version = greatest(version + 1, ${now}) where ticket_id in (${tickets});`;
  await sql
    .raw(
      `create function bump_ticket_version_from_records() returns trigger language plpgsql
         set search_path from current as $$
       begin
         if tg_op = 'DELETE' then
           ${move('select distinct ticket_id from old_rows')}
         else
           if tg_op = 'UPDATE' then
             -- A row moved to another ticket changes what both show.
             ${move('select distinct ticket_id from old_rows')}
           end if;
           insert into ticket_versions (ticket_id, version)
             select ticket, ${now} from (select distinct ticket_id as ticket from new_rows) as changed
           on conflict (ticket_id) do update
             set version = greatest(ticket_versions.version + 1, excluded.version);
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function bump_ticket_version_from_leads() returns trigger language plpgsql
         set search_path from current as $$
       begin
         if tg_op = 'DELETE' then
           ${move('select t.id from tickets t join old_rows l on t.lead_id = l.id')}
         else
           ${move('select t.id from tickets t join new_rows l on t.lead_id = l.id')}
         end if;
         return null;
       end $$`,
    )
    .execute(db);
  const create = (table: string, event: 'insert' | 'update' | 'delete', fn: string) => {
    const transition = {
      insert: 'new table as new_rows',
      update: 'old table as old_rows new table as new_rows',
      delete: 'old table as old_rows',
    }[event];
    return sql
      .raw(
        `create trigger ${table}_${event}_version after ${event} on ${table}
         referencing ${transition} for each statement execute function ${fn}()`,
      )
      .execute(db);
  };
  for (const table of TABLES) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      await create(table, event, 'bump_ticket_version_from_records');
    }
  }
  for (const event of ['update', 'delete'] as const) await create('leads', event, 'bump_ticket_version_from_leads');
}
