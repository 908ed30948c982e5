import type { TicketListPage, TicketListQuery } from './ticket-list-domain.js';

/**
 * Ticket lists and full-text search over a tenant's tickets (docs/search.md). Storage keeps one search
 * row per ticket (filters, sort keys, the text index: SQLite FTS5, PostgreSQL tsvector + GIN) in step
 * with every write in the same transaction: the ticket, activity, lookup and tenant-data repositories
 * update it themselves, so no caller can forget to. Both engines return the same tickets for the same
 * query (test/storage/ticket-search-suite.ts).
 */
export interface TicketSearchStore {
  /**
   * One page of the tenant's tickets matching every filter of `query`, in its sort order. Throws
   * `InvalidCursorError` (core/ticket-list-cursor.ts) for an `after` that is no cursor of this sort;
   * core/search-tickets.ts turns that into a 400. Never fails on `text`: any string is a valid query.
   */
  list(query: TicketListQuery): Promise<TicketListPage>;
  /**
   * Rebuilds the search rows of these tickets from the stored ticket, values and activities (what
   * every write does for the tickets it touched; also for repair). Ids of no ticket lose their row.
   */
  reindex(ticketIds: readonly string[]): Promise<void>;
}
