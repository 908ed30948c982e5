/**
 * The normalized ticket model: one shape for both vendors, after the unified-ticketing APIs
 * (what users of vendor SDKs ask for most): real `Date`s, decoded HTML entities, numbers as numbers,
 * the vendor's raw status beside the normalized one, and `raw` for everything not mapped.
 * @module
 */

export type Vendor = 'leadsquared' | 'kapture';

/** Normalized statuses. Vendors configure their own; the mapping is an option of each client. */
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed', 'other'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A value of a vendor field (LeadSquared `Fields[].Value`, Kapture tenant fields). */
export type FieldValue = string | number | boolean | null;

interface ContactBase {
  /** The vendor's id (LeadSquared lead GUID, Kapture customer id as a string), when known. */
  id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** A LeadSquared lead: the requester of a LeadSquared ticket. */
export interface Lead extends ContactBase {
  kind: 'lead';
}

/** A Kapture customer: the requester of a Kapture ticket. */
export interface Customer extends ContactBase {
  kind: 'customer';
}

/** A user of the vendor: an assignee, a note's author. */
export interface Agent extends ContactBase {
  kind: 'agent';
}

export interface Ticket<TRaw = unknown> {
  vendor: Vendor;
  /**
   * What this vendor's calls take to name the ticket: LeadSquared's number as a string (`"143"`),
   * Kapture's 12-digit `ticketId` (`"713516551148"`).
   */
  id: string;
  /** The ticket number as a number (LeadSquared `143`, Kapture `713516551148`). */
  number: number | null;
  /** The display key: LeadSquared `"#143"`; Kapture has none (`null`). */
  key: string | null;
  /** The vendor's internal id: LeadSquared's GUID `TicketId`, Kapture's `taskId` as a string. */
  remoteId: string | null;
  title: string;
  description: string | null;
  status: TicketStatus;
  /** The vendor's status as sent (`"On Hold"`, `"Pending"`). */
  rawStatus: string | null;
  /** Kapture's sub-status name (`"Pending"`); `null` for LeadSquared. */
  rawSubStatus: string | null;
  /** The vendor's priority as sent (`"Medium"`, `"low"`). */
  priority: string | null;
  channel: string | null;
  /** LeadSquared `Type` (`"General"`); Kapture `disposition` (`"L1|L2"`, trimmed). */
  category: string | null;
  assignee: Agent | null;
  requester: Lead | Customer | null;
  tags: string[];
  createdAt: Date | null;
  updatedAt: Date | null;
  dueAt: Date | null;
  closedAt: Date | null;
  /** A link to the ticket in the vendor's UI, when the vendor sends one. */
  url: string | null;
  /** Tenant-defined fields: LeadSquared `CustomData.*` (key without the prefix), Kapture `additional_info`. */
  customFields: Record<string, FieldValue>;
  /**
   * Files attached to the ticket itself, not to a conversation: Kapture's `task_details.attachments`.
   * `null` when the vendor's API does not list them: LeadSquared's ticket read (L4) has no such field and
   * its conversations (L5) carry only their own files, so files uploaded by create or update (L2, L3)
   * cannot be read back through it.
   */
  attachments: Attachment[] | null;
  /** The wire object the ticket was read from. */
  raw: TRaw;
}

/** email-in/out and portal-in/out (LeadSquared L5), note (internal), chat (Kapture conversations). */
export type ConversationKind = 'email-in' | 'email-out' | 'portal-in' | 'portal-out' | 'note' | 'chat';

export interface Conversation<TRaw = unknown> {
  vendor: Vendor;
  /** The vendor's id as a string (LeadSquared sends a number); `null` when the vendor sends none. */
  id: string | null;
  ticketId: string;
  kind: ConversationKind;
  direction: 'inbound' | 'outbound' | 'internal';
  /** Internal notes: never shown to the customer. */
  isPrivate: boolean;
  body: {
    /** Plain text, HTML entities decoded. */
    text: string | null;
    /** The HTML exactly as sent (entities left alone: it is HTML), when the vendor sends it. */
    html: string | null;
  };
  author: { id: string | null; name: string | null };
  createdAt: Date | null;
  attachments: Attachment[];
  raw: TRaw;
}

export interface Attachment<TRaw = unknown> {
  vendor: Vendor;
  /** The vendor's id, if any (LeadSquared sends `null`). */
  id: string | null;
  ticketId: string;
  conversationId: string | null;
  fileName: string;
  contentType: string | null;
  size: number | null;
  /** Where to download it; for LeadSquared a signed URL that expires (`expiresAt`). */
  url: string;
  /** When `url` stops working, as computed when it was read (`null`: not known to expire). */
  expiresAt: Date | null;
  raw: TRaw;
}

/** What `createTicket` answers: the vendor's ids, not a full read (a read could fail after the create succeeded). */
export interface TicketRef<TRaw = unknown> {
  vendor: Vendor;
  id: string;
  key: string | null;
  remoteId: string | null;
  raw: TRaw;
}

/** What `addNote` answers. Neither vendor returns the note's id (`noteId` is `null` then). */
export interface NoteReceipt<TRaw = unknown> {
  vendor: Vendor;
  ticketId: string;
  noteId: string | null;
  raw: TRaw;
}

/** A download in progress: the body streams; nothing is buffered. */
export interface AttachmentDownload {
  body: ReadableStream<Uint8Array>;
  contentType: string | null;
  /** From `Content-Length`, when sent. */
  size: number | null;
  fileName: string;
  /** The attachment as finally downloaded (with a fresh `url` when the old one had expired). */
  attachment: Attachment;
}
