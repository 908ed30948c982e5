/**
 * Ticket lists and full-text search (the native API's `GET …/tickets`; storage: TicketSearchStore,
 * docs/search.md): the query, and the page of summaries it answers.
 */

/** What a ticket list can be ordered by. `relevance` only means something with `text` (else it is `updated`). */
export type TicketSortKey = 'updated' | 'created' | 'number' | 'priority' | 'relevance';

/**
 * One ticket list or search request over one tenant. Every filter narrows (AND across filters, OR within
 * one filter's list); an absent or empty list does not filter. Values compare exactly as stored (the
 * tenant's lookup values, e.g. `Open`, `High`, `Email`).
 */
export interface TicketListQuery {
  /** The tenant; a query never sees another tenant's tickets. */
  orgId: number;
  /** Status field values (`Open`, `On Hold`, …). */
  status?: readonly string[];
  /** Priority field values (`Low`, `High`, …). */
  priority?: readonly string[];
  /** Assigned to any of these users (`RelatedAgentId`, user GUIDs, lower-case). With `unassigned`: either. */
  assigneeIds?: readonly string[];
  /** Tickets with no assignee. Alone: only those; with `assigneeIds`: those or the listed assignees' tickets. */
  unassigned?: boolean;
  /** Channel field values (`Email`, `API`, …). */
  channel?: readonly string[];
  /** Type field values (`General`, `Problem`, …: the `Type` lookup, not the numeric ticket type). */
  type?: readonly string[];
  /** SubType field values. */
  subType?: readonly string[];
  /**
   * Tags: the ticket has every one of these (AND). Tags are the `Tags` field split at commas and
   * semicolons, trimmed, compared case-insensitively.
   */
  tags?: readonly string[];
  /** Created at or after (inclusive). */
  createdFrom?: Date;
  /** Created before (exclusive). */
  createdTo?: Date;
  /** Last updated at or after (inclusive). */
  updatedFrom?: Date;
  /** Last updated before (exclusive). */
  updatedTo?: Date;
  /** `false` (default): only live tickets; `true`: only trashed ones. */
  trashed?: boolean;
  /**
   * Full-text query (docs/search.md): words (all must occur, case-insensitive, in the title,
   * description or conversations), `"quoted phrases"`, `word*` prefixes. Any other character is a
   * separator, never syntax, so no input is an error. Besides the text match, a query that is a ticket
   * number (`143` or `#143`), a ticket GUID, or a lead's email or phone finds those tickets directly,
   * ahead of every text match (`TicketSummary.match === 'direct'`). Empty or blank: no text filter.
   */
  text?: string;
  /** Also search internal notes (agents only: the surface decides who may). Default false. */
  includeNotes?: boolean;
  /** Default: `relevance` with `text`, else `updated`. */
  sort?: TicketSortKey;
  /** Default `desc` (newest, highest number, most urgent, most relevant first). */
  order?: 'asc' | 'desc';
  /**
   * The `nextCursor` of the previous page, opaque. It carries the sort and the position (keyset on
   * sort key and ticket number), so pages neither repeat nor skip tickets when others are written in
   * between. A cursor from a different sort/order is rejected (`InvalidCursorError`).
   */
  after?: string;
  /** Page size, 1–100 (`TICKET_LIST_MAX_LIMIT`); default 25. Larger values are capped, not rejected. */
  limit?: number;
  /** Also count every ticket that matches (`TicketListPage.total`): one more query, costly on big lists. */
  count?: boolean;
}

export const TICKET_LIST_DEFAULT_LIMIT = 25;
export const TICKET_LIST_MAX_LIMIT = 100;

/** A piece of plain text with the spans (`[start, end)`, UTF-16 offsets into `text`) that matched the query. */
export interface HighlightedText {
  /** Where the text comes from. `body` is the description or a conversation; `notes` an internal note. */
  field: 'title' | 'body' | 'notes';
  /** Plain text (never HTML): a consumer escapes it and wraps the ranges itself. */
  text: string;
  /** Sorted, non-overlapping `[start, end)` offsets. */
  highlights: Array<[number, number]>;
  /** Whether text was cut before `text` starts / after it ends (show an ellipsis). */
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

/** One row of a ticket list: what a list view shows, without loading the whole ticket. */
export interface TicketSummary {
  id: string;
  number: number;
  title: string;
  status: string | null;
  priority: string | null;
  /** `RelatedAgentId` (user GUID), `null` when unassigned. */
  assigneeId: string | null;
  channel: string | null;
  type: string | null;
  subType: string | null;
  tags: string[];
  lead: {
    id: string;
    email: string | null;
    phone: string | null;
    firstName: string | null;
    lastName: string | null;
  } | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it was trashed; `null` for a live ticket. */
  trashedAt: Date | null;
  /** Only with `text`: `direct` for a ticket named by number/GUID/email/phone, else `text`. */
  match?: 'direct' | 'text';
  /**
   * Only for text matches: the engine's relevance, larger is better. Comparable within one result list,
   * not across queries or engines.
   */
  rank?: number;
  /** Only with `text`: the title (always, highlighted where it matched) and the best passage of body/notes. */
  snippets?: HighlightedText[];
}

/** One page of a ticket list. */
export interface TicketListPage {
  tickets: TicketSummary[];
  /** Pass as `after` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Every match, across pages; only when `count` was asked. */
  total?: number;
}
