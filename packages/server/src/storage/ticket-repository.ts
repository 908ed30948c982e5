import type { Kysely, Selectable } from 'kysely';
import type { FieldValue, Ticket, TicketLookup, TriggerFlags } from '../core/domain.js';
import type { TicketStore, TicketVersion } from '../core/store.js';
import { CompiledOnce } from './compiled-once.js';
import type { Database, TicketsTable } from './database-schema.js';
import { inChunks } from './in-chunks.js';
import { fromTimestamp, parseJson, toTimestamp } from './row-codecs.js';
import type { StorageAdapter } from './storage-adapter.js';
import type { TicketSearchIndex } from './ticket-search-index.js';

// Every ticket read runs these; compiled once (storage/compiled-once.ts). Parameters in order. Columns are
// named, never `*`: on PostgreSQL these are prepared statements, and a prepared `*` changes its result type
// when a migration adds a column, which PostgreSQL refuses (`cached plan must not change result type`).
const TICKET_COLUMNS = [
  'tickets.id',
  'tickets.org_id',
  'tickets.number',
  'tickets.type_id',
  'tickets.lead_id',
  'tickets.created_by',
  'tickets.flags',
  'tickets.creation_type',
  'tickets.created_at',
  'tickets.updated_at',
  'tickets.deleted_at',
] as const satisfies ReadonlyArray<`tickets.${keyof TicketsTable}`>;
const FIND_BY_NUMBER = new CompiledOnce((db: Kysely<Database>) =>
  db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('org_id', '=', 0)
    .where('deleted_at', 'is', null)
    .where('number', '=', 0),
);
const FIND_BY_ID = new CompiledOnce((db: Kysely<Database>) =>
  db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('org_id', '=', 0)
    .where('deleted_at', 'is', null)
    .where('id', '=', ''),
);
/** A ticket and its field values in one statement: one row per value (one with null values when it has none). */
const withValues = (db: Kysely<Database>) =>
  db
    .selectFrom('tickets')
    .leftJoin('ticket_field_values as v', 'v.ticket_id', 'tickets.id')
    .select(TICKET_COLUMNS)
    .select(['v.schema_name', 'v.value'])
    .where('tickets.org_id', '=', 0)
    .where('tickets.deleted_at', 'is', null);
const FIND_WITH_VALUES_BY_NUMBER = new CompiledOnce((db: Kysely<Database>) =>
  withValues(db).where('tickets.number', '=', 0),
);
const FIND_WITH_VALUES_BY_ID = new CompiledOnce((db: Kysely<Database>) => withValues(db).where('tickets.id', '=', ''));
/** A live ticket's id and version (migration 0014): what a cached read answer is checked against. */
const versionOf = (db: Kysely<Database>) =>
  db
    .selectFrom('tickets')
    .innerJoin('ticket_versions as tv', 'tv.ticket_id', 'tickets.id')
    .select(['tickets.id', 'tv.version'])
    .where('tickets.org_id', '=', 0)
    .where('tickets.deleted_at', 'is', null);
const VERSION_BY_NUMBER = new CompiledOnce((db: Kysely<Database>) => versionOf(db).where('tickets.number', '=', 0));
const VERSION_BY_ID = new CompiledOnce((db: Kysely<Database>) => versionOf(db).where('tickets.id', '=', ''));
const VALUES = new CompiledOnce((db: Kysely<Database>) =>
  db.selectFrom('ticket_field_values').select(['schema_name', 'value']).where('ticket_id', '=', ''),
);

/** `versionsMany`'s statement, one per engine's way of binding a list (`StorageAdapter.integerList`). */
const VERSIONS_OF_NUMBERS = new WeakMap<StorageAdapter['integerList'], CompiledOnce<Database, VersionRow>>();
type VersionRow = { number: number; id: string; version: number };
function versionsOfNumbers(list: StorageAdapter['integerList']): CompiledOnce<Database, VersionRow> {
  let compiled = VERSIONS_OF_NUMBERS.get(list);
  if (!compiled) {
    compiled = new CompiledOnce((db: Kysely<Database>) =>
      db
        .selectFrom('tickets')
        .innerJoin('ticket_versions as tv', 'tv.ticket_id', 'tickets.id')
        .select(['tickets.number', 'tickets.id', 'tv.version'])
        .where('tickets.org_id', '=', 0)
        .where('tickets.deleted_at', 'is', null)
        .where(list.condition('tickets.number', '')),
    );
    VERSIONS_OF_NUMBERS.set(list, compiled);
  }
  return compiled;
}

export class TicketRepository implements TicketStore {
  constructor(
    readonly db: Kysely<Database>,
    /** Every write below keeps the ticket's search row in step (storage/ticket-search-index.ts). */
    readonly search: TicketSearchIndex,
    /** How the engine binds a list of numbers as one parameter (`versionsMany`). */
    readonly integerList: StorageAdapter['integerList'],
  ) {}

  async insert(ticket: Ticket, values: ReadonlyMap<string, FieldValue>): Promise<void> {
    await this.db
      .insertInto('tickets')
      .values({
        id: ticket.id,
        org_id: ticket.orgId,
        number: ticket.number,
        type_id: ticket.typeId,
        lead_id: ticket.leadId,
        created_by: ticket.createdBy,
        flags: JSON.stringify(ticket.flags),
        creation_type: ticket.creationType,
        created_at: toTimestamp(ticket.createdAt),
        updated_at: toTimestamp(ticket.updatedAt),
        deleted_at: null,
      })
      .execute();
    if (values.size > 0) {
      await this.db
        .insertInto('ticket_field_values')
        .values(
          [...values].map(([schemaName, value]) => ({
            ticket_id: ticket.id,
            schema_name: schemaName,
            value: JSON.stringify(value),
          })),
        )
        .execute();
    }
    // A new ticket: its sources are at hand (no activities yet), nothing to read back.
    await this.search.write(
      [
        {
          id: ticket.id,
          orgId: ticket.orgId,
          number: ticket.number,
          leadId: ticket.leadId,
          createdAt: toTimestamp(ticket.createdAt),
          updatedAt: toTimestamp(ticket.updatedAt),
          deletedAt: null,
          values,
          activities: [],
        },
      ],
      undefined,
      true,
    );
  }

  /** Writes (inserts or replaces) field values and moves `updated_at`. */
  async update(ticketId: string, values: ReadonlyMap<string, FieldValue>, patch: { leadId?: string; updatedAt: Date }) {
    for (const [schemaName, value] of values) {
      await this.db
        .insertInto('ticket_field_values')
        .values({ ticket_id: ticketId, schema_name: schemaName, value: JSON.stringify(value) })
        .onConflict((oc) => oc.columns(['ticket_id', 'schema_name']).doUpdateSet({ value: JSON.stringify(value) }))
        .execute();
    }
    await this.db
      .updateTable('tickets')
      .set({ updated_at: toTimestamp(patch.updatedAt), ...(patch.leadId !== undefined && { lead_id: patch.leadId }) })
      .where('id', '=', ticketId)
      .execute();
    await this.search.refresh([ticketId], { keepText: !values.has('Description') });
  }

  /** Soft-deletes a live ticket; returns false when there was none with that number. */
  async trash(orgId: number, number: number, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('tickets')
      .set({ deleted_at: toTimestamp(at) })
      .where('org_id', '=', orgId)
      .where('number', '=', number)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await this.search.setTrashed(orgId, number, at);
    return true;
  }

  /** Takes a trashed ticket out of the trash (moving `updated_at`); false when no trashed ticket has that number. */
  async restore(orgId: number, number: number, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('tickets')
      .set({ deleted_at: null, updated_at: toTimestamp(at) })
      .where('org_id', '=', orgId)
      .where('number', '=', number)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await this.search.setTrashed(orgId, number, null, at);
    return true;
  }

  /** A live (not trashed) ticket of the tenant, or `undefined`. */
  async find(orgId: number, lookup: TicketLookup): Promise<Ticket | undefined> {
    const [row] =
      'number' in lookup
        ? await FIND_BY_NUMBER.run(this.db, [orgId, lookup.number])
        : await FIND_BY_ID.run(this.db, [orgId, lookup.id]);
    return row && toTicket(row);
  }

  /**
   * `find` and `values` in one statement (the L4 read: one round trip instead of two on PostgreSQL).
   */
  async findWithValues(
    orgId: number,
    lookup: TicketLookup,
  ): Promise<{ ticket: Ticket; values: Map<string, FieldValue> } | undefined> {
    const rows =
      'number' in lookup
        ? await FIND_WITH_VALUES_BY_NUMBER.run(this.db, [orgId, lookup.number])
        : await FIND_WITH_VALUES_BY_ID.run(this.db, [orgId, lookup.id]);
    const [first] = rows;
    if (!first) return undefined;
    const values = new Map<string, FieldValue>();
    for (const row of rows) {
      if (row.schema_name !== null && row.value !== null) values.set(row.schema_name, parseJson<FieldValue>(row.value));
    }
    return { ticket: toTicket(first), values };
  }

  /**
   * The live ticket's id and version, or `undefined`: one indexed read. The version moves on every
   * change to the ticket row or its values, by whoever writes (migration 0014's triggers).
   */
  async version(orgId: number, lookup: TicketLookup): Promise<{ ticketId: string; version: number } | undefined> {
    const [row] =
      'number' in lookup
        ? await VERSION_BY_NUMBER.run(this.db, [orgId, lookup.number])
        : await VERSION_BY_ID.run(this.db, [orgId, lookup.id]);
    return row && { ticketId: row.id, version: Number(row.version) };
  }

  async versionsMany(orgId: number, numbers: readonly number[]): Promise<Map<number, TicketVersion>> {
    // One statement text for any count (the list is one parameter): compiled once, run directly on SQLite and
    // prepared on PostgreSQL, as the one-ticket version read is. What a cached K3 read runs per request.
    const list = this.integerList;
    const compiled = versionsOfNumbers(list);
    // Only whole numbers name a ticket; anything else would fail PostgreSQL's cast of the list instead of matching nothing.
    const wanted = numbers.filter((n) => Number.isSafeInteger(n));
    const rows = await inChunks(wanted, (chunk) => compiled.run(this.db, [orgId, list.parameter(chunk)]));
    return new Map(rows.map((row) => [Number(row.number), { ticketId: row.id, version: Number(row.version) }]));
  }

  async values(ticketId: string): Promise<Map<string, FieldValue>> {
    const rows = await VALUES.run(this.db, [ticketId]);
    return new Map(rows.map((r) => [r.schema_name, parseJson<FieldValue>(r.value)]));
  }

  /**
   * The tenant's live tickets with these numbers, in the order asked for, duplicates once; numbers
   * that name no live ticket of the tenant are left out (as `find` gives `undefined` for them).
   */
  async findMany(orgId: number, numbers: readonly number[]): Promise<Ticket[]> {
    const rows = await inChunks(numbers, (chunk) =>
      this.db
        .selectFrom('tickets')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('deleted_at', 'is', null)
        .where('number', 'in', chunk)
        .execute(),
    );
    const byNumber = new Map(rows.map((row) => [row.number, row]));
    return [...new Set(numbers)].flatMap((number) => {
      const row = byNumber.get(number);
      return row ? [toTicket(row)] : [];
    });
  }

  /** `values` for each ticket: every id asked for has an entry (empty when it has no values). */
  async valuesMany(ticketIds: readonly string[]): Promise<Map<string, Map<string, FieldValue>>> {
    const rows = await inChunks(ticketIds, (chunk) =>
      this.db
        .selectFrom('ticket_field_values')
        .select(['ticket_id', 'schema_name', 'value'])
        .where('ticket_id', 'in', chunk)
        .execute(),
    );
    const values = new Map(ticketIds.map((id) => [id, new Map<string, FieldValue>()]));
    for (const r of rows) values.get(r.ticket_id)?.set(r.schema_name, parseJson<FieldValue>(r.value));
    return values;
  }
}

function toTicket(row: Selectable<TicketsTable>): Ticket {
  return {
    id: row.id,
    orgId: row.org_id,
    number: row.number,
    typeId: row.type_id,
    leadId: row.lead_id,
    createdBy: row.created_by,
    flags: parseJson<TriggerFlags>(row.flags),
    creationType: row.creation_type,
    createdAt: fromTimestamp(row.created_at),
    updatedAt: fromTimestamp(row.updated_at),
  };
}
