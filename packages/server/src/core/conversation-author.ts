import type { ActivityType, Ticket } from './domain.js';

/**
 * Who a seeded conversation is from when the caller does not say: the ticket's lead for what the
 * customer sent (inbound email, portal message), the ticket's creator for what the desk sent and
 * for notes. The CLI's `conversation add` and the sandbox's conversation seeding both use this.
 */
export function conversationAuthor(type: ActivityType, ticket: Pick<Ticket, 'leadId' | 'createdBy'>): string {
  const inbound = type === 'InboundEmail' || type === 'PortalInbound';
  return (inbound ? ticket.leadId : ticket.createdBy) ?? 'system';
}
