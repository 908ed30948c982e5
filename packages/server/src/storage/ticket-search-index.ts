import { type Kysely, sql } from 'kysely';
import type { FieldValue } from '../core/domain.js';
import { htmlToText, tokenize } from '../core/search-text.js';
import type { Database } from './database-schema.js';
import { groupBy, inChunks } from './in-chunks.js';
import { parseJson, toTimestamp } from './row-codecs.js';
import type { TextSearchDialect } from './text-search.js';

/*
 * Keeps `ticket_search` (and the engine's text index) in step with the tickets. The repositories that
 * write tickets, values and activities call it inside the same statement sequence (the caller's
 * transaction), so every surface (both vendor dialects, email, the sandbox, the CLI) is covered by
 * construction. The system fields' schema names are fixed (core/default-tenant-schema.ts).
 */

/** The fields a search row copies. */
const FIELDS = ['Title', 'Description', 'Status', 'Priority', 'Channel', 'Type', 'SubType', 'Tags', 'RelatedAgentId'];
/** Indexed characters per part (description and conversations; notes): enough for any real ticket. */
export const MAX_INDEXED_CHARS = 100_000;
const MAX_TAG_LENGTH = 100;

/** What a search row is built from: the ticket's own row, its field values and its activities in order. */
export interface TicketSource {
  id: string;
  orgId: number;
  number: number;
  leadId: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  values: ReadonlyMap<string, FieldValue>;
  activities: ReadonlyArray<{ type: string; html: string | null; text: string | null }>;
  /** The row's indexed body and notes as stored, kept instead of being built from `activities` (see `refresh`). */
  text?: { body: string; notes: string };
}

export class TicketSearchIndex {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: TextSearchDialect,
    /** False only for the write-cost benchmark: nothing is indexed, and searches find nothing. */
    readonly enabled: boolean,
  ) {}

  /**
   * After a new activity: its text joins the end of the row's body (notes for an
   * internal note), where a rebuild from every activity in id order puts it, without reading and converting
   * the ticket's other activities again: with a rebuild, each message on a long thread cost more than the one
   * before (docs/benchmarks.md, L6). The parts are capped at `MAX_INDEXED_CHARS` from their start, so a part
   * already at the cap stays as it is. When a later activity of the ticket is already there (two added at once
   * on PostgreSQL, whose ids can commit out of order, or an id given by a seed or import) the row is rebuilt
   * instead, so the order is a rebuild's.
   *
   * Two transactions never append to one ticket's row at once: inserting an activity, like every ticket or
   * value write, first moves the ticket's `ticket_versions` row (migration 0016's triggers), which locks it
   * until commit, so the second reads the row after the first committed (the conformance suite's concurrent
   * case checks it).
   */
  async appendActivity(
    ticketId: string,
    activityId: number,
    activity: { type: string; html: string | null; text: string | null },
  ): Promise<void> {
    if (!this.enabled) return;
    const row = await this.db
      .selectFrom('ticket_search')
      .select(['doc_id', 'title', 'body', 'notes'])
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    const later = await this.db
      .selectFrom('activities')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .where('id', '>', activityId)
      .limit(1)
      .executeTakeFirst();
    if (!row || later) return this.refresh([ticketId]);
    const part = activity.type === 'InternalNote' ? 'notes' : 'body';
    const joined = capped([row[part], activityText(activity)]);
    if (joined === row[part]) return;
    const parts = { title: row.title, body: row.body, notes: row.notes, [part]: joined };
    const indexed = { title: terms(parts.title), body: terms(parts.body), notes: terms(parts.notes) };
    await this.db
      .updateTable('ticket_search')
      .set({ [part]: joined, ...this.dialect.rowColumns(indexed) })
      .where('doc_id', '=', row.doc_id)
      .execute();
    await this.dialect.write(this.db as Kysely<unknown>, [{ docId: Number(row.doc_id), terms: indexed }]);
  }

  /**
   * Rebuilds the rows of these tickets from what is stored; ids of no ticket lose their row. `keepText`: the
   * write changed nothing the body and notes are made of (the description and the activities; a status, an
   * assignee or the title, say), so a row keeps its indexed body and notes instead of every activity being read
   * and converted again, which on a long thread cost more than the rest of the update. The caller has moved
   * the tickets' versions first (as `appendActivity` relies on), so no append to the same row runs meanwhile.
   *
   * Rows are now rebuilt only by a description change or `reindex`: a change to how text is indexed (`capped`,
   * `activityText`, `MAX_INDEXED_CHARS`) needs a migration that reindexes, as 0010 built them.
   */
  async refresh(ticketIds: readonly string[], options: { keepText?: boolean } = {}): Promise<void> {
    if (!this.enabled || ticketIds.length === 0) return;
    await inChunks(ticketIds, async (chunk) => {
      await this.write(await loadSources(this.db, chunk, options.keepText === true), chunk);
      return [];
    });
  }

  /**
   * Writes the rows of tickets whose sources the caller has (a new ticket has no activities yet);
   * `fresh`: the tickets were just inserted, so they have no rows or tags to replace.
   */
  async write(
    sources: readonly TicketSource[],
    ticketIds: readonly string[] = sources.map((s) => s.id),
    fresh = false,
  ): Promise<void> {
    if (!this.enabled || ticketIds.length === 0) return;
    const present = new Set(sources.map((s) => s.id));
    const gone = fresh ? [] : ticketIds.filter((id) => !present.has(id));
    if (gone.length > 0) {
      await this.db.deleteFrom('ticket_search_tags').where('ticket_id', 'in', gone).execute();
      await this.db.deleteFrom('ticket_search').where('ticket_id', 'in', gone).execute();
    }
    if (sources.length === 0) return;
    const ranks = await priorityRanks(this.db, [...new Set(sources.map((s) => s.orgId))]);
    const rows = sources.map((s) => buildRow(s, ranks));
    if (!fresh) {
      await this.db
        .deleteFrom('ticket_search_tags')
        .where(
          'ticket_id',
          'in',
          sources.map((s) => s.id),
        )
        .execute();
    }
    const tags = rows.flatMap((r) => r.tagRows);
    for (let i = 0; i < tags.length; i += 1000) {
      await this.db
        .insertInto('ticket_search_tags')
        .values(tags.slice(i, i + 1000))
        .execute();
    }
    // ~22 parameters a row: 200 rows a statement stays far below both engines' caps.
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      const written = await this.db
        .insertInto('ticket_search')
        .values(batch.map((r) => ({ ...r.row, ...this.dialect.rowColumns(r.terms) })))
        .onConflict((oc) =>
          oc.column('ticket_id').doUpdateSet((eb) => ({
            number: eb.ref('excluded.number'),
            status: eb.ref('excluded.status'),
            priority: eb.ref('excluded.priority'),
            priority_rank: eb.ref('excluded.priority_rank'),
            assignee_id: eb.ref('excluded.assignee_id'),
            channel: eb.ref('excluded.channel'),
            type: eb.ref('excluded.type'),
            sub_type: eb.ref('excluded.sub_type'),
            tags: eb.ref('excluded.tags'),
            lead_id: eb.ref('excluded.lead_id'),
            created_at: eb.ref('excluded.created_at'),
            updated_at: eb.ref('excluded.updated_at'),
            trashed: eb.ref('excluded.trashed'),
            trashed_at: eb.ref('excluded.trashed_at'),
            title: eb.ref('excluded.title'),
            body: eb.ref('excluded.body'),
            notes: eb.ref('excluded.notes'),
            ...extraColumns(this.dialect, batch[0]?.terms),
          })),
        )
        .returning(['doc_id', 'ticket_id'])
        .execute();
      const termsById = new Map(batch.map((r) => [r.row.ticket_id, r.terms]));
      await this.dialect.write(
        this.db as Kysely<unknown>,
        written.map((w) => ({ docId: Number(w.doc_id), terms: termsById.get(w.ticket_id) ?? EMPTY })),
      );
    }
  }

  /** Trash and restore change only the trashed state (and, for a restore, the update time). */
  async setTrashed(orgId: number, number: number, trashedAt: Date | null, updatedAt?: Date): Promise<void> {
    if (!this.enabled) return;
    await this.db
      .updateTable('ticket_search')
      .set({
        trashed: trashedAt === null ? 0 : 1,
        trashed_at: trashedAt === null ? null : toTimestamp(trashedAt),
        ...(updatedAt !== undefined && { updated_at: toTimestamp(updatedAt) }),
      })
      .where('org_id', '=', orgId)
      .where('number', '=', number)
      .execute();
  }

  /** After the Priority lookup changed: every row's rank from the new sorting order. */
  async refreshPriorityRanks(orgId: number): Promise<void> {
    if (!this.enabled) return;
    await sql`update ticket_search set priority_rank = coalesce((select l.sorting_order from lookup_values l
        where l.org_id = ticket_search.org_id and l.schema_name = 'Priority' and l.value = ticket_search.priority), 0)
      where org_id = ${orgId}`.execute(this.db);
  }
}

const EMPTY = { title: [], body: [], notes: [] };

/** `excluded.<column>` for the dialect's extra columns (PostgreSQL's `document`). */
function extraColumns(dialect: TextSearchDialect, terms: ReturnType<typeof buildRow>['terms'] | undefined) {
  const names = Object.keys(dialect.rowColumns(terms ?? EMPTY));
  return Object.fromEntries(names.map((name) => [name, sql.ref(`excluded.${name}`)]));
}

/**
 * Loads the sources of these tickets (trashed ones too); with `keepText`, a ticket that has a search row takes
 * its body and notes from it, and only the others' activities are read.
 */
export async function loadSources(
  db: Kysely<Database>,
  ticketIds: readonly string[],
  keepText = false,
): Promise<TicketSource[]> {
  if (ticketIds.length === 0) return [];
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'org_id', 'number', 'lead_id', 'created_at', 'updated_at', 'deleted_at'])
    .where('id', 'in', ticketIds)
    .execute();
  if (tickets.length === 0) return [];
  const ids = tickets.map((t) => t.id);
  const values = groupBy(
    await db
      .selectFrom('ticket_field_values')
      .select(['ticket_id', 'schema_name', 'value'])
      .where('ticket_id', 'in', ids)
      .where('schema_name', 'in', FIELDS)
      .execute(),
    (r) => r.ticket_id,
  );
  const kept = new Map<string, { body: string; notes: string }>();
  if (keepText) {
    const rows = await db
      .selectFrom('ticket_search')
      .select(['ticket_id', 'body', 'notes'])
      .where('ticket_id', 'in', ids)
      .execute();
    for (const row of rows) kept.set(row.ticket_id, { body: row.body, notes: row.notes });
  }
  const unkept = ids.filter((id) => !kept.has(id));
  const activities = groupBy(
    unkept.length === 0
      ? []
      : await db
          .selectFrom('activities')
          .select(['ticket_id', 'type', 'html', 'text'])
          .where('ticket_id', 'in', unkept)
          .orderBy('id')
          .execute(),
    (r) => r.ticket_id,
  );
  return tickets.map((t) => {
    const stored = kept.get(t.id);
    return {
      id: t.id,
      orgId: t.org_id,
      number: t.number,
      leadId: t.lead_id,
      createdAt: t.created_at,
      updatedAt: t.updated_at,
      deletedAt: t.deleted_at,
      values: new Map((values.get(t.id) ?? []).map((v) => [v.schema_name, parseJson<FieldValue>(v.value)])),
      activities: activities.get(t.id) ?? [],
      ...(stored && { text: stored }),
    };
  });
}

async function priorityRanks(db: Kysely<Database>, orgIds: readonly number[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('lookup_values')
    .select(['org_id', 'value', 'sorting_order'])
    .where('org_id', 'in', orgIds)
    .where('schema_name', '=', 'Priority')
    .execute();
  return new Map(rows.map((r) => [`${r.org_id}:${r.value}`, r.sorting_order]));
}

const text = (v: FieldValue | undefined): string | null =>
  v === undefined || v === null || v === '' ? null : String(v);

/** A ticket's tags: the `Tags` field split at commas and semicolons, trimmed, each once (case-insensitively). */
export function splitTags(value: FieldValue | undefined): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of (text(value) ?? '').split(/[,;]/)) {
    const tag = raw.trim().slice(0, MAX_TAG_LENGTH);
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

const activityText = (a: { html: string | null; text: string | null }) => a.text ?? htmlToText(a.html ?? '');
const capped = (parts: readonly string[]) =>
  parts
    .filter((p) => p !== '')
    .join('\n\n')
    .slice(0, MAX_INDEXED_CHARS);
const terms = (s: string) => tokenize(s).map((t) => t.term);

function buildRow(s: TicketSource, ranks: ReadonlyMap<string, number>) {
  const title = text(s.values.get('Title')) ?? '';
  const body =
    s.text?.body ??
    capped([
      text(s.values.get('Description')) ?? '',
      ...s.activities.filter((a) => a.type !== 'InternalNote').map(activityText),
    ]);
  const notes = s.text?.notes ?? capped(s.activities.filter((a) => a.type === 'InternalNote').map(activityText));
  const priority = text(s.values.get('Priority'));
  const tags = splitTags(s.values.get('Tags'));
  const assignee = text(s.values.get('RelatedAgentId'));
  return {
    row: {
      ticket_id: s.id,
      org_id: s.orgId,
      number: s.number,
      status: text(s.values.get('Status')),
      priority,
      priority_rank: priority === null ? 0 : (ranks.get(`${s.orgId}:${priority}`) ?? 0),
      assignee_id: assignee?.toLowerCase() ?? null,
      channel: text(s.values.get('Channel')),
      type: text(s.values.get('Type')),
      sub_type: text(s.values.get('SubType')),
      tags: JSON.stringify(tags),
      lead_id: s.leadId,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      trashed: s.deletedAt === null ? 0 : 1,
      trashed_at: s.deletedAt,
      title,
      body,
      notes,
    },
    tagRows: tags.map((tag) => ({ ticket_id: s.id, org_id: s.orgId, tag: tag.toLowerCase() })),
    terms: { title: terms(title), body: terms(body), notes: terms(notes) },
  };
}
