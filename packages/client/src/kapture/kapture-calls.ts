import type {
  KapAddTicketRequest,
  KapAddTicketResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  KapUpdateTicketRequest,
  KapUpdateTicketResponse,
} from '@deskwire/wire';
import type { DownloadStream } from '../core/download.js';
import type { CallOptions } from '../core/options.js';

/**
 * Tenant-configured fields, sent beside the documented ones ("map in the request body if there's any
 * extra associate body", vendor-apis.md §2.0): snake_case keys, grouped fields as arrays of objects.
 */
export type KapTenantFields = Readonly<Record<string, unknown>>;

/**
 * The wire calls the normalized view (`KaptureTickets`) makes. `KaptureClient` implements them; the
 * view depends on this interface, not on the client, so the two files do not import each other.
 */
export interface KaptureCalls {
  addTicket(body: KapAddTicketRequest & KapTenantFields, options?: CallOptions): Promise<KapAddTicketResponse>;
  updateTicket(body: KapUpdateTicketRequest & KapTenantFields, options?: CallOptions): Promise<KapUpdateTicketResponse>;
  getTickets(body: KapGetTicketsRequest, options?: CallOptions): Promise<KapGetTicketsResponse>;
  downloadAttachment(url: string, options?: CallOptions): Promise<DownloadStream>;
}
