import type { HighlightedText, TicketSortKey, TicketSummary } from '../core/domain.js';
import { highlightTitle, type QueryTerm, snippet } from '../core/search-text.js';
import { fromTimestamp, parseJson } from './row-codecs.js';

/** A `ticket_search` row as a list or search query selects it (TicketSearchRepository). */
export type Row = Record<string, unknown>;

/** The cursor key of a page's last row: the sort's column, the relevance score, or none for a direct match. */
export function cursorKey(sort: TicketSortKey, row: Row & { direct: 0 | 1 }): string | number | null {
  switch (sort) {
    case 'relevance':
      return row.direct === 1 ? null : Number(row.score);
    case 'updated':
      return String(row.updated_at);
    case 'created':
      return String(row.created_at);
    case 'priority':
      return Number(row.priority_rank);
    case 'number':
      return Number(row.number);
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A row as the API's ticket summary, with its match, rank and highlighted snippets when searched. */
export function toSummary(
  row: Row & { direct: 0 | 1 },
  search: { terms: readonly QueryTerm[]; includeNotes: boolean } | undefined,
): TicketSummary {
  const leadId = str(row.lead_id);
  const title = String(row.title);
  const summary: TicketSummary = {
    id: String(row.ticket_id),
    number: Number(row.number),
    title,
    status: str(row.status),
    priority: str(row.priority),
    assigneeId: str(row.assignee_id),
    channel: str(row.channel),
    type: str(row.type),
    subType: str(row.sub_type),
    tags: parseJson<string[]>(String(row.tags)),
    lead:
      leadId === null
        ? null
        : {
            id: leadId,
            email: str(row.lead_email),
            phone: str(row.lead_phone),
            firstName: str(row.lead_first_name),
            lastName: str(row.lead_last_name),
          },
    createdAt: fromTimestamp(String(row.created_at)),
    updatedAt: fromTimestamp(String(row.updated_at)),
    trashedAt: row.trashed_at === null ? null : fromTimestamp(String(row.trashed_at)),
  };
  if (!search) return summary;
  summary.match = row.direct === 1 ? 'direct' : 'text';
  if (row.direct === 0) summary.rank = Number(row.score);
  const snippets: HighlightedText[] = [highlightTitle(title, search.terms)];
  const body = snippet('body', String(row.body ?? ''), search.terms);
  if (body) snippets.push(body);
  if (search.includeNotes) {
    const notes = snippet('notes', String(row.notes ?? ''), search.terms);
    if (notes) snippets.push(notes);
  }
  summary.snippets = snippets;
  return summary;
}
