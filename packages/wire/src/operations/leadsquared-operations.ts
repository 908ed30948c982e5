import { LsqConversationFilterRequest, LsqConversationFilterResponse } from '../leadsquared/conversation-schemas.js';
import { LsqFieldFilterRequest, LsqFieldFilterResponse } from '../leadsquared/field-metadata-schemas.js';
import { LsqInternalNoteRequest, LsqInternalNoteResponse } from '../leadsquared/internal-note-schemas.js';
import { LsqLookupValuesResponse } from '../leadsquared/lookup-schemas.js';
import { LsqPortalActivityRequest, LsqPortalActivityResponse } from '../leadsquared/portal-activity-schemas.js';
import {
  LsqCreateTicketRequest,
  LsqCreateTicketResponse,
  LsqTicketWriteResponse,
} from '../leadsquared/ticket-create-schemas.js';
import { LsqGetTicketQuery, LsqGetTicketResponse } from '../leadsquared/ticket-get-schemas.js';
import { LsqUpdateTicketRequest } from '../leadsquared/ticket-update-schemas.js';
import { LsqTrashRequest, LsqTrashResponse } from '../leadsquared/trash-schemas.js';
import type { WireOperation } from './operation.js';

/** Every LeadSquared path starts here; `orgId` is the tenant (docs/leadsquared-api.md "Base URL"). */
export const LSQ_BASE_PATH = '/api/tenants/{orgId}';

/**
 * The LeadSquared Service CRM ticket API, L1–L10 (docs/leadsquared-api.md). Keyed by the client's
 * method names; `name` is what routes, the journal, fault rules and metrics call each one.
 */
export const LSQ_OPERATIONS = {
  createTicket: {
    name: 'lsq.createTicket',
    dialect: 'leadsquared',
    ref: 'L1/L2',
    summary: 'Create a ticket (JSON, or multipart with files)',
    method: 'POST',
    path: `${LSQ_BASE_PATH}/tickets`,
    kind: 'write',
    body: LsqCreateTicketRequest,
    encodings: ['application/json', 'multipart/form-data'],
    // L1's shape (`Message` null, `TicketId` before `Key`) or L2's; the first only matches `Message: null`.
    response: LsqCreateTicketResponse,
    docs: 'https://apidocs.leadsquared.com/create-tickets/',
  },
  updateTicket: {
    name: 'lsq.updateTicket',
    dialect: 'leadsquared',
    ref: 'L3',
    summary: 'Update the sent fields of a ticket, optionally adding files',
    method: 'PUT',
    path: `${LSQ_BASE_PATH}/tickets/{ticketRef}/update`,
    kind: 'write',
    body: LsqUpdateTicketRequest,
    encodings: ['multipart/form-data', 'application/json'],
    response: LsqTicketWriteResponse,
    docs: 'https://apidocs.leadsquared.com/update-a-ticket-with-attachments/',
  },
  getTicket: {
    name: 'lsq.getTicket',
    dialect: 'leadsquared',
    ref: 'L4',
    summary: 'Get a ticket by number, key or GUID',
    method: 'GET',
    path: `${LSQ_BASE_PATH}/tickets/{ticketRef}`,
    alternates: [{ path: `${LSQ_BASE_PATH}/tickets`, query: LsqGetTicketQuery }],
    kind: 'read',
    response: LsqGetTicketResponse,
    docs: 'https://apidocs.leadsquared.com/get-ticket-by-id/',
  },
  getTicketConversations: {
    name: 'lsq.listConversations',
    dialect: 'leadsquared',
    ref: 'L5',
    summary: "List a ticket's conversations",
    method: 'POST',
    path: `${LSQ_BASE_PATH}/conversation/filter`,
    kind: 'read',
    body: LsqConversationFilterRequest,
    response: LsqConversationFilterResponse,
    docs: 'https://apidocs.leadsquared.com/get-ticket-conversations/',
  },
  postInternalNote: {
    name: 'lsq.addInternalNote',
    dialect: 'leadsquared',
    ref: 'L6',
    summary: 'Post an internal note on a ticket',
    method: 'POST',
    path: `${LSQ_BASE_PATH}/internalnote/upload`,
    kind: 'write',
    body: LsqInternalNoteRequest,
    response: LsqInternalNoteResponse,
    docs: 'https://apidocs.leadsquared.com/post-an-internal-note-on-a-ticket-2/',
  },
  addPortalActivity: {
    name: 'lsq.addPortalActivity',
    dialect: 'leadsquared',
    ref: 'L7',
    summary: 'Record a customer portal activity (singular `ticket` in the path)',
    method: 'POST',
    path: `${LSQ_BASE_PATH}/ticket/{ticketRef}/portal/activity`,
    kind: 'write',
    body: LsqPortalActivityRequest,
    response: LsqPortalActivityResponse,
    docs: 'https://apidocs.leadsquared.com/?p=5010',
  },
  trashTickets: {
    name: 'lsq.trashTickets',
    dialect: 'leadsquared',
    ref: 'L8',
    summary: 'Move tickets to the trash',
    method: 'PUT',
    path: `${LSQ_BASE_PATH}/tickets/trash`,
    kind: 'write',
    body: LsqTrashRequest,
    response: LsqTrashResponse,
    adminOnly: true,
    docs: 'https://apidocs.leadsquared.com/delete-tickets',
  },
  getLookupValues: {
    name: 'lsq.getLookupValues',
    dialect: 'leadsquared',
    ref: 'L9',
    summary: "A lookup field's values",
    method: 'GET',
    path: `${LSQ_BASE_PATH}/lookups/{schemaName}/values`,
    kind: 'read',
    response: LsqLookupValuesResponse,
    adminOnly: true,
    docs: 'https://apidocs.leadsquared.com/?p=5102',
  },
  getTicketFieldsMetadata: {
    name: 'lsq.filterTicketFields',
    dialect: 'leadsquared',
    ref: 'L10',
    summary: "A ticket type's field metadata",
    method: 'POST',
    path: `${LSQ_BASE_PATH}/ticket-types/{typeId}/fields/filter`,
    kind: 'read',
    body: LsqFieldFilterRequest,
    response: LsqFieldFilterResponse,
    adminOnly: true,
    docs: 'https://apidocs.leadsquared.com/?p=5117',
  },
} as const satisfies Record<string, WireOperation>;
