import { KapAddTicketBody, KapAddTicketResponse } from '../kapture/ticket-create-schemas.js';
import { KapGetTicketsRequest, KapGetTicketsResponse } from '../kapture/ticket-get-schemas.js';
import { KapPullTicketsBody, KapPullTicketsResponse } from '../kapture/ticket-pull-schemas.js';
import { KapUpdateTicketBody, KapUpdateTicketResponse } from '../kapture/ticket-update-schemas.js';
import type { WireOperation } from './operation.js';

/**
 * The Kapture CRM ticket API v.2.0, K1–K4 (docs/kapture-api.md): every one a POST at the server's
 * root, with one token per API. K3 and K4 only read.
 */
export const KAP_OPERATIONS = {
  addTicket: {
    name: 'kapture.createTicket',
    dialect: 'kapture',
    ref: 'K1',
    summary: 'Add a ticket from another source',
    method: 'POST',
    path: '/add-ticket-from-other-source.html/v.2.0',
    kind: 'write',
    body: KapAddTicketBody,
    response: KapAddTicketResponse,
    tokenApi: 'add',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/add-ticket-api',
  },
  updateTicket: {
    name: 'kapture.updateTicket',
    dialect: 'kapture',
    ref: 'K2',
    summary: 'Update a ticket from another source',
    method: 'POST',
    path: '/update-ticket-from-other-source.html/v.2.0',
    kind: 'write',
    body: KapUpdateTicketBody,
    response: KapUpdateTicketResponse,
    tokenApi: 'update',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/update-ticket-api',
  },
  getTickets: {
    name: 'kapture.getTickets',
    dialect: 'kapture',
    ref: 'K3',
    summary: 'Get tickets by ticket id',
    method: 'POST',
    path: '/search-ticket-by-ticket-id.html/v.2.0',
    kind: 'read',
    body: KapGetTicketsRequest,
    response: KapGetTicketsResponse,
    tokenApi: 'get',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api',
  },
  pullTickets: {
    name: 'kapture.pullTickets',
    dialect: 'kapture',
    ref: 'K4',
    summary: 'Pull tickets created between two dates',
    method: 'POST',
    path: '/select-ticket-between-start-and-end-dates.html/v.2.0',
    kind: 'read',
    body: KapPullTicketsBody,
    response: KapPullTicketsResponse,
    tokenApi: 'pull',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/pull-ticket-api-by-date-range',
  },
} as const satisfies Record<string, WireOperation>;
