import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import type { TicketLookup } from './domain.js';

/**
 * Takes a ticket out of the trash (its files' signed links work again). Trashed tickets are found by
 * number only: a GUID names a live ticket in every other read, so restoring by GUID is refused plainly.
 */
export async function restoreTicket(
  input: { orgId: number; ticket: TicketLookup },
  deps: Pick<CoreDeps, 'storage' | 'now'>,
): Promise<{ number: number }> {
  if (!('number' in input.ticket)) {
    throw new ApiError('ValidationError', 'A ticket is restored by its number or key, not its GUID');
  }
  const { number } = input.ticket;
  const restored = await deps.storage.transaction((tx) => tx.tickets.restore(input.orgId, number, deps.now()));
  if (!restored) throw new ApiError('TicketNotFound', `No ticket '${number}' in the trash`);
  return { number };
}
