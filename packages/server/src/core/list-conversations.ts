import type { CoreDeps } from './deps.js';
import type { Activity, ConversationType } from './domain.js';
import { ticketNotFound } from './get-ticket.js';

/** A ticket's conversations of the given kinds, oldest first (L5). Internal notes are never included. */
export async function listConversations(
  input: { orgId: number; ticketNumber: number; types: readonly ConversationType[] },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<{ ticketNumber: number; conversations: Activity[] }> {
  const ref = { number: input.ticketNumber };
  const ticket = await deps.storage.tickets.find(input.orgId, ref);
  if (!ticket) throw ticketNotFound(ref);
  const types = [...new Set(input.types)];
  return { ticketNumber: ticket.number, conversations: await deps.storage.activities.list(ticket.id, types) };
}
