import type { CoreDeps } from './deps.js';
import type { Activity, ActivityType, Attachment, Ticket, TicketLookup } from './domain.js';
import { ticketNotFound } from './get-ticket.js';

const THREAD_TYPES: readonly ActivityType[] = [
  'InboundEmail',
  'OutboundEmail',
  'PortalInbound',
  'PortalOutbound',
  'InternalNote',
];

/** A ticket's whole thread for an agent: conversations and internal notes oldest first, and its own files. */
export async function getThread(
  input: { orgId: number; ticket: TicketLookup },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<{ ticket: Ticket; activities: Activity[]; ticketFiles: Attachment[] }> {
  const ticket = await deps.storage.tickets.find(input.orgId, input.ticket);
  if (!ticket) throw ticketNotFound(input.ticket);
  const [activities, ticketFiles] = await Promise.all([
    deps.storage.activities.list(ticket.id, THREAD_TYPES),
    deps.storage.activities.listTicketFiles(ticket.id),
  ]);
  return { ticket, activities, ticketFiles };
}
