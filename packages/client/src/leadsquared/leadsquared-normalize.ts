import {
  type LsqAttachment,
  type LsqConversation,
  type LsqConversationType,
  type LsqFieldValue,
  type LsqGetTicketResponse,
  type LsqTicketWriteResponse,
  parseLsqDateTime,
} from '@deskwire/wire';
import { decodeHtmlEntities, decodeText } from '../normalized/html-entities.js';
import type {
  Attachment,
  Conversation,
  ConversationKind,
  FieldValue,
  Ticket,
  TicketRef,
  TicketStatus,
} from '../normalized/model.js';
import { signedUrlExpiry } from '../normalized/signed-url.js';

/** Tenant Status values and what they mean (lower-cased); tenants configure their own (vendor-apis.md §1.0). */
export const LSQ_DEFAULT_STATUS_MAP: Readonly<Record<string, TicketStatus>> = Object.freeze({
  open: 'open',
  new: 'open',
  reopened: 'open',
  'in progress': 'open',
  'on hold': 'pending',
  pending: 'pending',
  waiting: 'pending',
  resolved: 'resolved',
  closed: 'closed',
});

export function lsqStatus(raw: string | null, statusMap: Readonly<Record<string, TicketStatus>>): TicketStatus {
  if (raw === null) return 'other';
  const key = raw.trim().toLowerCase();
  const custom = Object.entries(statusMap).find(([name]) => name.trim().toLowerCase() === key)?.[1];
  return custom ?? LSQ_DEFAULT_STATUS_MAP[key] ?? 'other';
}

/** A field value as text: strings entity-decoded, `""` as `null`, numbers and booleans as written. */
function text(value: LsqFieldValue | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? decodeHtmlEntities(value) : String(value);
}

function fieldValue(value: LsqFieldValue): FieldValue {
  return typeof value === 'string' ? decodeHtmlEntities(value) : value;
}

function list(value: LsqFieldValue | undefined): string[] {
  const joined = text(value);
  return joined === null
    ? []
    : joined
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter((t) => t !== '');
}

/**
 * L4's ticket, normalized. The vendor sends no creation or modification time on a ticket read
 * (the seed has none), so `createdAt`/`updatedAt` are `null`; `DueDate` is zone-less UTC.
 */
export function lsqTicket(
  wire: LsqGetTicketResponse,
  statusMap: Readonly<Record<string, TicketStatus>>,
): Ticket<LsqGetTicketResponse> {
  const fields = new Map(wire.Fields.map((f) => [f.SchemaName, f.Value] as const));
  const customFields: Record<string, FieldValue> = {};
  for (const field of wire.Fields) {
    if (field.SchemaName.startsWith('CustomData.')) {
      customFields[field.SchemaName.slice('CustomData.'.length)] = fieldValue(field.Value);
    }
  }
  const rawStatus = text(fields.get('Status'));
  const due = fields.get('DueDate');
  const agent = text(fields.get('RelatedAgentId'));
  const number = Number(wire.Id);
  return {
    vendor: 'leadsquared',
    id: wire.Id,
    number: Number.isSafeInteger(number) ? number : null,
    key: text(fields.get('TicketKey')) ?? `#${wire.Id.padStart(3, '0')}`,
    remoteId: wire.TicketId,
    title: text(fields.get('Title')) ?? '',
    description: text(fields.get('Description')),
    status: lsqStatus(rawStatus, statusMap),
    rawStatus,
    rawSubStatus: null,
    priority: text(fields.get('Priority')),
    channel: text(fields.get('Channel')),
    category: text(fields.get('Type')),
    assignee: agent === null ? null : { kind: 'agent', id: agent, name: null, email: null, phone: null },
    requester: wire.LeadId === null ? null : { kind: 'lead', id: wire.LeadId, name: null, email: null, phone: null },
    tags: list(fields.get('Tags')),
    createdAt: null,
    updatedAt: null,
    dueAt: typeof due === 'string' ? (parseLsqDateTime(due) ?? null) : null,
    closedAt: null,
    url: null,
    customFields,
    // L4 has no field for files attached by create (L2) or update (L3), and L5 lists only conversations' files.
    attachments: null,
    raw: wire,
  };
}

const KINDS: Readonly<Record<LsqConversationType, readonly [ConversationKind, 'inbound' | 'outbound']>> = {
  InboundEmail: ['email-in', 'inbound'],
  OutboundEmail: ['email-out', 'outbound'],
  PortalInbound: ['portal-in', 'inbound'],
  PortalOutbound: ['portal-out', 'outbound'],
};

/**
 * One L5 conversation, normalized. `Html` is kept as sent (it is HTML, quoted reply chains
 * included); `Text` is entity-decoded. `fetchedAt` dates the attachments' signed URLs.
 */
export function lsqConversation(
  wire: LsqConversation,
  ticketId: string,
  fetchedAt: number,
): Conversation<LsqConversation> {
  const [kind, direction] = KINDS[wire.RelatedActivityType];
  const id = String(wire.Id);
  return {
    vendor: 'leadsquared',
    id,
    ticketId,
    kind,
    direction,
    isPrivate: false,
    body: { text: decodeText(wire.Text), html: wire.Html },
    author: { id: wire.CreatedBy, name: null },
    createdAt: parseLsqDateTime(wire.CreatedOn) ?? null,
    attachments: wire.Attachments.map((a) => lsqAttachment(a, { ticketId, conversationId: id, fetchedAt })),
    raw: wire,
  };
}

/**
 * An attachment with its signed URL's expiry: from the URL itself when it says (Deskwire's
 * `expires=<epoch s>`, S3's `X-Amz-Date` + `X-Amz-Expires`), else `Ttl` minutes after the read
 * (the seed pairs `Ttl: 60` with `X-Amz-Expires=3600`).
 */
export function lsqAttachment(
  wire: LsqAttachment,
  at: { ticketId: string; conversationId: string | null; fetchedAt: number },
): Attachment<LsqAttachment> {
  return {
    vendor: 'leadsquared',
    id: wire.Id,
    ticketId: at.ticketId,
    conversationId: at.conversationId,
    fileName: wire.FileName,
    contentType: wire.ContentType || null,
    size: wire.FileSize,
    url: wire.ContentPath,
    expiresAt: signedUrlExpiry(wire.ContentPath) ?? new Date(at.fetchedAt + wire.Ttl * 60_000),
    raw: wire,
  };
}

/** The write envelope of L1–L3 as a reference. */
export function lsqTicketRef(wire: LsqTicketWriteResponse): TicketRef<LsqTicketWriteResponse> {
  return { vendor: 'leadsquared', id: wire.Id, key: wire.Key, remoteId: wire.TicketId, raw: wire };
}
