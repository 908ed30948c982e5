import type {
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqCreateTicketRequest,
  LsqGetTicketResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqTicketWriteResponse,
  LsqUpdateTicketRequest,
} from '@deskwire/wire';
import type { DownloadStream } from '../core/download.js';
import type { CallOptions } from '../core/options.js';
import type { UploadInput } from '../core/upload.js';

/** Per-call options of the multipart calls. */
export interface UploadCallOptions extends CallOptions {
  /** Files to attach, sent as repeated `files` parts. */
  files?: readonly UploadInput[];
}

/**
 * The wire calls the normalized view (`LeadSquaredTickets`) makes. `LeadSquaredClient` implements
 * them; the view depends on this interface, not on the client, so the two files do not import each other.
 */
export interface LeadSquaredCalls {
  /** The account number: the `OrgId` L5 repeats in its body. */
  readonly orgId: number;
  createTicket(body: LsqCreateTicketRequest, options?: CallOptions): Promise<LsqTicketWriteResponse>;
  createTicketWithAttachments(
    body: LsqCreateTicketRequest,
    files: readonly UploadInput[],
    options?: CallOptions,
  ): Promise<LsqTicketWriteResponse>;
  updateTicket(body: LsqUpdateTicketRequest, options?: UploadCallOptions): Promise<LsqTicketWriteResponse>;
  getTicket(ticket: number | string, options?: CallOptions): Promise<LsqGetTicketResponse>;
  getTicketConversations(
    body: LsqConversationFilterRequest,
    options?: CallOptions,
  ): Promise<LsqConversationFilterResponse>;
  postInternalNote(body: LsqInternalNoteRequest, options?: CallOptions): Promise<LsqInternalNoteResponse>;
  downloadAttachment(contentPath: string, options?: CallOptions): Promise<DownloadStream>;
}
