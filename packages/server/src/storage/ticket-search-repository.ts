import type { Kysely } from 'kysely';
import type { TicketListPage, TicketListQuery } from '../core/domain.js';
import type { TicketSearchStore } from '../core/store.js';
import type { Database } from './database-schema.js';

/** Ticket lists and full-text search (core/store.ts `TicketSearchStore`). */
export class TicketSearchRepository implements TicketSearchStore {
  constructor(readonly db: Kysely<Database>) {}

  async list(_query: TicketListQuery): Promise<TicketListPage> {
    // Contract commit: the implementation lands with migration 0010 in the next commit.
    throw new Error('ticket search is not implemented yet');
  }

  async reindex(_ticketIds: readonly string[]): Promise<void> {}
}
