import type { EventType } from './event-schemas.js';

/**
 * The events each write operation of the catalogue emits for a plain request (one ticket, no files):
 * the table test (server test/events/operation-events.test.ts) runs every write operation of
 * LSQ_OPERATIONS, KAP_OPERATIONS, SANDBOX_OPERATIONS and EVENT_OPERATIONS and checks it emits exactly
 * these, so an operation added to the catalogue without an entry here fails it.
 * Files sent with a create or update add one `attachment.added`; a trash of n tickets emits n events.
 */
export const OPERATION_EVENTS: Readonly<Record<string, readonly EventType[]>> = {
  'lsq.createTicket': ['ticket.created'],
  'lsq.updateTicket': ['ticket.updated'],
  'lsq.addInternalNote': ['note.added'],
  'lsq.addPortalActivity': ['conversation.added'],
  'lsq.trashTickets': ['ticket.trashed'],
  'kapture.createTicket': ['ticket.created'],
  'kapture.updateTicket': ['ticket.updated'],
  // Customers are leads, not tickets: no ticket event.
  'kapture.addCustomer': [],
  'sandbox.createTenant': [],
  'sandbox.updateTenant': ['tenant.api_disabled'],
  'sandbox.deleteTenant': [],
  'sandbox.resetTenant': [],
  'sandbox.resetAll': [],
  'sandbox.createUser': [],
  'sandbox.createKey': [],
  'sandbox.revokeKey': ['key.revoked'],
  'sandbox.setLookup': [],
  'sandbox.addField': [],
  'sandbox.createToken': [],
  'sandbox.revokeToken': ['key.revoked'],
  'sandbox.seedTicket': ['ticket.created'],
  'sandbox.seedConversation': ['conversation.added'],
  'sandbox.clearRequests': [],
  'sandbox.addFaultRule': [],
  'sandbox.removeFaultRule': [],
  'sandbox.clearFaultRules': [],
  'sandbox.createWebhook': [],
  'sandbox.deleteWebhook': [],
  'sandbox.redeliverWebhook': [],
  'sandbox.addMailbox': [],
  'sandbox.removeMailbox': [],
  // Deskwire's own API (/api/v1): the same events as the vendor operations that change the same things.
  'v1.signIn': [],
  'v1.signOut': [],
  'v1.updateTicket': ['ticket.updated'],
  'v1.assignTicket': ['ticket.updated'],
  'v1.trashTicket': ['ticket.trashed'],
  'v1.restoreTicket': [],
  'v1.addNote': ['note.added'],
  'v1.replyToCustomer': ['conversation.added'],
  'v1.createUser': [],
  'v1.updateUser': [],
  'v1.createKey': [],
  'v1.revokeKey': ['key.revoked'],
  'v1.createToken': [],
  'v1.revokeToken': ['key.revoked'],
  'v1.setLookup': [],
  'v1.addField': [],
  'v1.addMailbox': [],
  'v1.removeMailbox': [],
  // Presence is a heartbeat kept beside the data set, not a change to it; fault rules are the sandbox's.
  'v1.setPresence': [],
  'v1.leavePresence': [],
  'v1.addFaultRule': [],
  'v1.removeFaultRule': [],
  'v1.createWebhook': [],
  'v1.updateWebhook': [],
  'v1.deleteWebhook': [],
  'v1.redeliverWebhook': [],
};
