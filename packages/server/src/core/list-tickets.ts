import type { CoreDeps } from './deps.js';

/**
 * One page of the live tickets created in `[from, to)`, oldest first, with the number of all matches
 * (Kapture's K4 pull by date).
 */
export async function listTicketsCreatedBetween(
  input: { orgId: number; from: Date; to: Date; limit: number; offset: number },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<{ total: number; numbers: number[] }> {
  const range = { from: input.from, to: input.to };
  const [total, numbers] = await Promise.all([
    deps.storage.ticketQueries.countCreatedBetween(input.orgId, input.from, input.to),
    deps.storage.ticketQueries.listCreatedBetween(input.orgId, range, { limit: input.limit, offset: input.offset }),
  ]);
  return { total, numbers };
}
