// Compile-only: `npx tsc -p tsconfig.test.json` checks this file; the test runner never runs it
// (it does not end in .test.ts). Every `@ts-expect-error` marks a call that must not compile.
import {
  type ClientErrorCode,
  type Conversation,
  type DeskwireClientError,
  type KAPTURE_OPERATIONS,
  type KapTokenApi,
  KaptureClient,
  LeadSquaredClient,
  type LSQ_OPERATIONS,
  type Ticket,
  type TicketClient,
  type TicketRef,
} from '@deskwire/client';
import type {
  KapGetTicketsResponse,
  KapTicketRecord,
  LsqConversation,
  LsqGetTicketResponse,
  LsqInternalNoteResponse,
} from '@deskwire/wire';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

declare const lsq: LeadSquaredClient;
declare const kapture: KaptureClient;

// --- Outputs are the wire types ---------------------------------------------------------------
assertType<Equal<Awaited<ReturnType<LeadSquaredClient['getTicket']>>, LsqGetTicketResponse>>();
assertType<Equal<Awaited<ReturnType<LeadSquaredClient['postInternalNote']>>, LsqInternalNoteResponse>>();
assertType<Equal<Awaited<ReturnType<KaptureClient['getTickets']>>, KapGetTicketsResponse>>();
assertType<Equal<Awaited<ReturnType<typeof lsq.tickets.getTicket>>['raw'], LsqGetTicketResponse>>();
assertType<Equal<Awaited<ReturnType<typeof kapture.tickets.getTicket>>['raw'], KapTicketRecord>>();
assertType<Equal<Awaited<ReturnType<typeof lsq.tickets.listConversations>>, Conversation<LsqConversation>[]>>();
assertType<Equal<Awaited<ReturnType<typeof kapture.tickets.createTicket>>, TicketRef>>();
assertType<Equal<Ticket['status'], 'open' | 'pending' | 'resolved' | 'closed' | 'other'>>();
assertType<Equal<DeskwireClientError['code'], ClientErrorCode>>();

// Both vendors implement the one normalized interface.
export const both: TicketClient[] = [lsq.tickets, kapture.tickets];

// --- Correct calls compile ---------------------------------------------------------------------
lsq.getTicketConversations({ TicketId: 143, OrgId: 22824, ActivityType: ['InboundEmail', 'PortalInbound'] });
lsq.postInternalNote({
  TextPart: 'n',
  ActivityType: 'CreateInternalNote',
  StorageType: 'Permament',
  RelatedTicketId: 143,
});
lsq.createTicket({
  TypeId: '1',
  LeadId: 'guid',
  Fields: [{ SchemaName: 'Title', Value: 't' }],
  RelatedTicketTypeId: 1,
});
lsq.updateTicket({ TypeId: '1', Id: '143', RelatedTicketTypeId: 1 }, { files: ['./a.png'], retryUnsafe: true });
kapture.addTicket({ title: 't', order_ref: 'tenant fields are allowed' });
kapture.getTickets({ ticket_ids: '713516551148,713516551149', conversation_type: 'all' });
lsq.tickets.createTicket({ title: 't', requester: { email: 'a@example.com' } });

// --- A string where the wire wants a number ---------------------------------------------------
// @ts-expect-error L5 TicketId is the number as a JSON number
lsq.getTicketConversations({ TicketId: '143', OrgId: 22824, ActivityType: ['InboundEmail'] });
lsq.postInternalNote({
  TextPart: 'n',
  ActivityType: 'CreateInternalNote',
  StorageType: 'Permament',
  // @ts-expect-error L6 RelatedTicketId is a number
  RelatedTicketId: '143',
});
// @ts-expect-error L1 RelatedTicketTypeId is a number (while TypeId is a string)
lsq.createTicket({ TypeId: '1', Fields: [], RelatedTicketTypeId: '1' });
// @ts-expect-error L1 TypeId is a string
lsq.createTicket({ TypeId: 1, Fields: [], RelatedTicketTypeId: 1 });
// @ts-expect-error L8 ticket numbers go in as strings
lsq.trashTickets({ TicketIds: [160] });
// @ts-expect-error L10 Limit is a number
lsq.getTicketFieldsMetadata({ Limit: '25', Offset: 0 });
// @ts-expect-error K1 title is a string
kapture.addTicket({ title: 5 });
// @ts-expect-error K3 ticket_ids is a comma-separated string, not an array
kapture.getTickets({ ticket_ids: ['713516551148'] });

// --- A missing mandatory field ----------------------------------------------------------------
// @ts-expect-error L6 StorageType is mandatory
lsq.postInternalNote({ TextPart: 'n', ActivityType: 'CreateInternalNote', RelatedTicketId: 143 });
// @ts-expect-error L5 OrgId is mandatory
lsq.getTicketConversations({ TicketId: 143, ActivityType: ['InboundEmail'] });
// @ts-expect-error L3 Id is mandatory
lsq.updateTicket({ TypeId: '1', RelatedTicketTypeId: 1 });
// @ts-expect-error K1 title is mandatory
kapture.addTicket({ ticket_details: 'no title' });
// @ts-expect-error K2 ticket_id is mandatory
kapture.updateTicket({ comment: 'no ticket' });
// @ts-expect-error K4 end_date is mandatory
kapture.pullTickets({ start_date: '2024-04-22' });
// @ts-expect-error the normalized create needs a title
lsq.tickets.createTicket({ description: 'no title' });

// --- Wrong literals ---------------------------------------------------------------------------
lsq.postInternalNote({
  TextPart: 'n',
  ActivityType: 'CreateInternalNote',
  // @ts-expect-error "Permament" is the vendor's spelling, and the only one accepted
  StorageType: 'Permanent',
  RelatedTicketId: 143,
});
// @ts-expect-error not a conversation type
lsq.getTicketConversations({ TicketId: 143, OrgId: 22824, ActivityType: ['Sms'] });
// @ts-expect-error Direction is always INBOUND
lsq.addPortalActivity(143, { Text: 't', Direction: 'OUTBOUND' });

// --- Options ------------------------------------------------------------------------------------
// @ts-expect-error orgId is a number
new LeadSquaredClient({ host: 'https://h', orgId: '22824', accessKey: 'a', secretKey: 's' });
// @ts-expect-error secretKey is required
new LeadSquaredClient({ host: 'https://h', orgId: 22824, accessKey: 'a' });
// @ts-expect-error a typo in an option
new LeadSquaredClient({ host: 'https://h', orgId: 22824, accessKey: 'a', secretKey: 's', retires: 3 });
// @ts-expect-error Kapture's APIs are add, update, get and pull
new KaptureClient({ host: 'https://h', tokens: { search: 't' } });
// @ts-expect-error a per-call option of the wrong type
lsq.getTicket(143, { timeout: '5s' });
// @ts-expect-error a status outside the normalized set
export const status: Ticket['status'] = 'done';

// --- Operation tables: derived from the wire catalogue, names keep their literal types -----------
assertType<Equal<(typeof LSQ_OPERATIONS)['getTicket']['name'], 'lsq.getTicket'>>();
assertType<Equal<(typeof KAPTURE_OPERATIONS)['addTicket']['name'], 'kapture.createTicket'>>();
assertType<Equal<(typeof KAPTURE_OPERATIONS)['getTickets']['api'], KapTokenApi>>();
