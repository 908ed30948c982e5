import type { CoreDeps } from './deps.js';
import { emitEvent } from './emit-event.js';

export interface TrashResult {
  successful: number[];
  failed: number[];
}

/**
 * Moves tickets to the trash (a soft delete: they disappear from every read). Ids that are not a
 * live ticket of the tenant are reported as failed, not as an error, as the vendor's L8 does.
 */
export async function trashTickets(
  input: { orgId: number; numbers: readonly number[]; actor?: { id: string } | null },
  deps: CoreDeps,
): Promise<TrashResult> {
  return deps.storage.transaction(async (tx) => {
    const result: TrashResult = { successful: [], failed: [] };
    const now = deps.now();
    for (const number of input.numbers) {
      const ticket = await tx.tickets.find(input.orgId, { number });
      if (ticket && (await tx.tickets.trash(input.orgId, number, now))) {
        result.successful.push(number);
        const actor = input.actor
          ? { type: 'user' as const, id: input.actor.id }
          : { type: 'system' as const, id: null };
        await emitEvent(
          tx,
          { orgId: input.orgId, type: 'ticket.trashed', at: now, actor, ticket, data: {} },
          deps.newId,
        );
      } else result.failed.push(number);
    }
    return result;
  });
}
