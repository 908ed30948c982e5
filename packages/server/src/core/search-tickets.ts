import { ApiError } from '../errors/api-error.js';
import type { TicketListPage, TicketListQuery } from './domain.js';
import type { Repositories } from './store.js';
import { InvalidCursorError } from './ticket-list-cursor.js';

/**
 * A ticket list or search (docs/search.md): the store's page, with a cursor that is not one of this
 * list answered as a 400 `ValidationError` naming `after`. The surface decides who may set
 * `includeNotes` (agents) and which tenant `orgId` is; everything else is the query as asked.
 */
export async function searchTickets(
  query: TicketListQuery,
  store: Pick<Repositories, 'ticketSearch'>,
): Promise<TicketListPage> {
  try {
    return await store.ticketSearch.list(query);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ApiError('ValidationError', error.message);
    throw error;
  }
}
