import type { Operation } from '../core/request.js';

/**
 * Every LeadSquared Service CRM operation the client calls (vendor-apis.md §1, L1–L10), named as
 * the Deskwire server's routes name them (so sandbox fault rules can target them). `safe` marks the
 * read-only ones, POSTs included: L5 filters and L10 lists, they change nothing.
 */
export const LSQ_OPERATIONS = {
  /** L1 (JSON) and L2 (multipart): `POST /tickets`. */
  createTicket: { name: 'lsq.createTicket', method: 'POST', safe: false },
  /** L3: `PUT /tickets/{id}/update` (multipart). */
  updateTicket: { name: 'lsq.updateTicket', method: 'PUT', safe: false },
  /** L4: `GET /tickets/{id}`. */
  getTicket: { name: 'lsq.getTicket', method: 'GET', safe: true },
  /** L5: `POST /conversation/filter`. */
  getTicketConversations: { name: 'lsq.listConversations', method: 'POST', safe: true },
  /** L6: `POST /internalnote/upload`. */
  postInternalNote: { name: 'lsq.addInternalNote', method: 'POST', safe: false },
  /** L7: `POST /ticket/{id}/portal/activity`. */
  addPortalActivity: { name: 'lsq.addPortalActivity', method: 'POST', safe: false },
  /** L8: `PUT /tickets/trash` (Admin). */
  trashTickets: { name: 'lsq.trashTickets', method: 'PUT', safe: false },
  /** L9: `GET /lookups/{SchemaName}/values` (Admin). */
  getLookupValues: { name: 'lsq.getLookupValues', method: 'GET', safe: true },
  /** L10: `POST /ticket-types/{typeId}/fields/filter` (Admin). */
  getTicketFieldsMetadata: { name: 'lsq.filterTicketFields', method: 'POST', safe: true },
  /** A conversation attachment's signed `ContentPath` (no API keys are sent there). */
  downloadAttachment: { name: 'lsq.downloadAttachment', method: 'GET', safe: true },
} as const satisfies Record<string, Operation>;
