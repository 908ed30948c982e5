import type { CallOptions } from '../core/options.js';
import type { UploadInput } from '../core/upload.js';
import type {
  Attachment,
  AttachmentDownload,
  Conversation,
  FieldValue,
  NoteReceipt,
  Ticket,
  TicketRef,
  Vendor,
} from './model.js';

/** A ticket reference as the normalized calls take it: the `Ticket.id` (a number is accepted too). */
export type TicketId = string | number;

/** A new ticket, vendor-neutral. Values are the vendor's own (status, priority as the tenant configures them). */
export interface NewTicket {
  title: string;
  description?: string;
  /** The vendor's value: LeadSquared a Status lookup text (`"Open"`); not settable on Kapture create. */
  status?: string;
  priority?: string;
  /** Who raised it. LeadSquared needs a lead: `id` (GUID), `email` or `phone`. */
  requester?: { id?: string; name?: string; email?: string; phone?: string };
  /** Further vendor fields: LeadSquared `SchemaName` → value, Kapture request keys → value. */
  fields?: Readonly<Record<string, FieldValue>>;
  /** Files to attach (LeadSquared only; Kapture has no upload API: `UNSUPPORTED`). */
  files?: readonly UploadInput[];
}

/** Changes to a ticket; only what is given changes. */
export interface TicketPatch {
  title?: string;
  description?: string;
  /** LeadSquared: a Status text (`"On Hold"`); Kapture: a sub-status key (`"CL"`). */
  status?: string;
  priority?: string;
  fields?: Readonly<Record<string, FieldValue>>;
  files?: readonly UploadInput[];
}

/**
 * What both vendor clients implement over their wire calls (`client.tickets`). Every method
 * throws `DeskwireClientError`.
 */
export interface TicketClient<TRawTicket = unknown, TRawConversation = unknown> {
  readonly vendor: Vendor;
  getTicket(id: TicketId, options?: CallOptions): Promise<Ticket<TRawTicket>>;
  /**
   * Several tickets, in the order asked; ids that name no ticket are left out. Kapture batches up to
   * 50 ids per call; LeadSquared (no batch endpoint) makes one call per id through the limiter.
   */
  getTickets(ids: readonly TicketId[], options?: CallOptions): Promise<Ticket<TRawTicket>[]>;
  /** Every conversation of the ticket the vendor lists, oldest first. */
  listConversations(id: TicketId, options?: CallOptions): Promise<Conversation<TRawConversation>[]>;
  /** Adds an internal note. A write: not retried once it may have reached the server. */
  addNote(id: TicketId, text: string, options?: CallOptions): Promise<NoteReceipt>;
  createTicket(input: NewTicket, options?: CallOptions): Promise<TicketRef>;
  updateTicket(id: TicketId, patch: TicketPatch, options?: CallOptions): Promise<TicketRef>;
  /**
   * Streams an attachment from its signed URL; when the URL has expired (known from `expiresAt`,
   * or answered 403 by the store), the conversation is read again for a fresh URL, once.
   */
  downloadAttachment(attachment: Attachment, options?: CallOptions): Promise<AttachmentDownload>;
}
