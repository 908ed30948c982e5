import {
  KapCustomerBody,
  KapCustomerNotFoundResponse,
  KapCustomerResponse,
  KapGetCustomerBody,
  KapGetCustomerResponse,
} from '../kapture/customer-schemas.js';
import { KapAddTicketBody, KapAddTicketResponse } from '../kapture/ticket-create-schemas.js';
import { KapGetTicketsRequest, KapGetTicketsResponse } from '../kapture/ticket-get-schemas.js';
import { KapPullTicketsBody, KapPullTicketsResponse } from '../kapture/ticket-pull-schemas.js';
import { KapUpdateTicketBody, KapUpdateTicketResponse } from '../kapture/ticket-update-schemas.js';
import type { WireOperation } from './operation.js';

/** The legacy form of a v.2.0 path: the same path without `/v.2.0`, as the vendor's older pages show it. */
const legacy = (path: string) => [{ path: path.replace(/\/v\.2\.0$/, '') }] as const;

/** The v.2.0 form of a path the vendor documents without a version (K5, K6). */
const versioned = (path: string) => [{ path: `${path}/v.2.0` }] as const;

/**
 * The Kapture CRM API (docs/kapture-api.md): the ticket endpoints K1–K4 of API v.2.0 and the customer
 * endpoints K5–K6, every one a POST at the server's root, with one token per API. K3, K4 and K6 only
 * read. Each is also served at its other documented form: K1–K4 without `/v.2.0` (the legacy pages),
 * K5–K6 (documented without a version) with it.
 */
export const KAP_OPERATIONS = {
  addTicket: {
    name: 'kapture.createTicket',
    dialect: 'kapture',
    ref: 'K1',
    summary: 'Add a ticket from another source',
    method: 'POST',
    path: '/add-ticket-from-other-source.html/v.2.0',
    alternates: legacy('/add-ticket-from-other-source.html/v.2.0'),
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
    alternates: legacy('/update-ticket-from-other-source.html/v.2.0'),
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
    alternates: legacy('/search-ticket-by-ticket-id.html/v.2.0'),
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
    alternates: legacy('/select-ticket-between-start-and-end-dates.html/v.2.0'),
    kind: 'read',
    body: KapPullTicketsBody,
    response: KapPullTicketsResponse,
    tokenApi: 'pull',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/pull-ticket-api-by-date-range',
  },
  addCustomer: {
    name: 'kapture.addCustomer',
    dialect: 'kapture',
    ref: 'K5',
    summary: 'Add or update a customer from another source',
    method: 'POST',
    path: '/add-update-customer-from-other-source.html',
    alternates: versioned('/add-update-customer-from-other-source.html'),
    kind: 'write',
    body: KapCustomerBody,
    response: KapCustomerResponse,
    tokenApi: 'addCustomer',
    docs: 'https://www.kapturecrm.com/us/resources-customer',
  },
  getCustomer: {
    name: 'kapture.getCustomer',
    dialect: 'kapture',
    ref: 'K6',
    summary: 'Get a customer by Kapture customer id, email or phone',
    method: 'POST',
    path: '/search-customer-by-customer-id.html',
    alternates: versioned('/search-customer-by-customer-id.html'),
    kind: 'read',
    body: KapGetCustomerBody,
    response: KapGetCustomerResponse,
    // No such customer: the vendor's sentence where the customer would be (docs/kapture-api.md "K6").
    failures: { 404: KapCustomerNotFoundResponse },
    tokenApi: 'getCustomer',
    docs: 'https://dev.kapture.cx/kapture-api/reference/api-reference/get-customer-api',
  },
} as const satisfies Record<string, WireOperation>;
