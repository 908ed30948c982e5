import type { CoreDeps } from './deps.js';

export interface TrashResult {
  successful: number[];
  failed: number[];
}

/**
 * Moves tickets to the trash (a soft delete: they disappear from every read). Ids that are not a
 * live ticket of the tenant are reported as failed, not as an error, as the vendor's L8 does.
 */
export async function trashTickets(
  input: { orgId: number; numbers: readonly number[] },
  deps: CoreDeps,
): Promise<TrashResult> {
  return deps.storage.transaction(async (tx) => {
    const result: TrashResult = { successful: [], failed: [] };
    const now = deps.now();
    for (const number of input.numbers) {
      if (await tx.tickets.trash(input.orgId, number, now)) result.successful.push(number);
      else result.failed.push(number);
    }
    return result;
  });
}
