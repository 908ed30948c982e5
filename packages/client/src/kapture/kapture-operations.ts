import type { Operation } from '../core/request.js';

/** The Kapture APIs a token can be issued for: each has its own Auth Key (vendor-apis.md §2.0). */
export const KAPTURE_APIS = ['add', 'update', 'get', 'pull'] as const;
export type KaptureApi = (typeof KAPTURE_APIS)[number];

/** One Kapture operation: its path (every one is POST, vendor-apis.md §2.0) and the token API it needs. */
export interface KaptureOperation extends Operation {
  readonly path: string;
  readonly api: KaptureApi;
}

/**
 * The four ticket endpoints (K1–K4), named as the Deskwire server's routes name them. K3 (search by
 * id) and K4 (pull by date) are POSTs that only read: `safe`, so retried.
 */
export const KAPTURE_OPERATIONS = {
  /** K1 https://dev.kapture.cx/kapture-api/reference/api-reference/add-ticket-api */
  addTicket: {
    name: 'kapture.createTicket',
    method: 'POST',
    safe: false,
    path: 'add-ticket-from-other-source.html/v.2.0',
    api: 'add',
  },
  /** K2 https://dev.kapture.cx/kapture-api/reference/api-reference/update-ticket-api */
  updateTicket: {
    name: 'kapture.updateTicket',
    method: 'POST',
    safe: false,
    path: 'update-ticket-from-other-source.html/v.2.0',
    api: 'update',
  },
  /** K3 https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api */
  getTickets: {
    name: 'kapture.getTickets',
    method: 'POST',
    safe: true,
    path: 'search-ticket-by-ticket-id.html/v.2.0',
    api: 'get',
  },
  /** K4 https://dev.kapture.cx/kapture-api/reference/api-reference/pull-ticket-api-by-date-range */
  pullTickets: {
    name: 'kapture.pullTickets',
    method: 'POST',
    safe: true,
    path: 'select-ticket-between-start-and-end-dates.html/v.2.0',
    api: 'pull',
  },
  /** An attachment URL found in a ticket or a chat message (no token is sent there). */
  downloadAttachment: {
    name: 'kapture.downloadAttachment',
    method: 'GET',
    safe: true,
    path: '',
    api: 'get',
  },
} as const satisfies Record<string, KaptureOperation>;
