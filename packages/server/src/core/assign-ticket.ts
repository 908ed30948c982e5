import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import type { TicketLookup, User } from './domain.js';
import { type UpdatedTicket, updateTicket } from './update-ticket.js';

/** The field that holds a ticket's assignee (a user GUID), as on both vendors' wires. */
export const ASSIGNEE_FIELD = 'RelatedAgentId';

/**
 * Assigns a ticket to a user of the same tenant (or unassigns it with `null`): an update of
 * `RelatedAgentId` through `updateTicket`, so it is validated and recorded in the history like any
 * other change, and reads back at once through L4 and K3.
 */
export async function assignTicket(
  input: { orgId: number; actor: User; ticket: TicketLookup; userId: string | null },
  deps: CoreDeps,
): Promise<UpdatedTicket> {
  const userId = input.userId?.toLowerCase() ?? null;
  if (userId !== null) {
    const account = await deps.storage.users.getAccount(input.orgId, userId);
    // Another tenant's user reads exactly as one that does not exist.
    if (!account) throw new ApiError('ValidationError', `userId '${userId}' is not a user of this tenant`);
    if (account.disabledAt !== null) throw new ApiError('ValidationError', `user '${userId}' is disabled`);
  }
  return updateTicket(
    {
      orgId: input.orgId,
      actor: input.actor,
      ticket: input.ticket,
      fields: [{ schemaName: ASSIGNEE_FIELD, value: userId }],
    },
    deps,
  );
}
