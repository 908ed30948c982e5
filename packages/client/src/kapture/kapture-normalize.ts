import {
  type KapAddTicketResponse,
  type KapAttachment,
  type KapChatEntry,
  type KapTaskDetails,
  type KapTicketRecord,
  type KapUpdateTicketResponse,
  parseKapDateTime,
} from '@deskwire/wire';
import { decodeHtmlEntities } from '../normalized/html-entities.js';
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

/**
 * What sub-statuses mean by default: names and keys of the documented examples and of a public
 * integration (vendor-apis.md §2.2: Pending `P`, Closed `CL`; nammayatri OP/IN/RS/CL/CRS), lower-cased.
 */
export const KAPTURE_DEFAULT_STATUS_MAP: Readonly<Record<string, TicketStatus>> = Object.freeze({
  open: 'open',
  'in progress': 'open',
  reopened: 'open',
  pending: 'pending',
  resolved: 'resolved',
  closed: 'closed',
  completed: 'closed',
  op: 'open',
  in: 'open',
  crs: 'open',
  p: 'pending',
  rs: 'resolved',
  cl: 'closed',
});

export interface KapNormalizeOptions {
  statusMap: Readonly<Record<string, TicketStatus>>;
  utcOffsetMinutes: number;
}

/** Sub-status name, then key, then the ticket's status (Complete → closed, Pending → open). */
export function kapStatus(
  details: Pick<KapTaskDetails, 'substatus' | 'substatusKey' | 'status'>,
  statusMap: KapNormalizeOptions['statusMap'],
): TicketStatus {
  const lookup = (value: string) => {
    const key = value.trim().toLowerCase();
    if (key === '') return undefined;
    return (
      Object.entries(statusMap).find(([name]) => name.trim().toLowerCase() === key)?.[1] ??
      KAPTURE_DEFAULT_STATUS_MAP[key]
    );
  };
  const byStatus = /^c(omplete)?$/i.test(details.status.trim())
    ? 'closed'
    : /^p(ending)?$/i.test(details.status.trim())
      ? 'open'
      : undefined;
  return lookup(details.substatus) ?? lookup(details.substatusKey) ?? lookup(details.status) ?? byStatus ?? 'other';
}

const text = (value: string) => (value.trim() === '' ? null : decodeHtmlEntities(value));
const id = (value: number) => (value > 0 ? String(value) : null);

/**
 * A K3 record (or a K4 item, `task_details` alone), normalized. Dates are the tenant's local time
 * (`utcOffsetMinutes`); names are entity-decoded (`Kapture Dev API&apos;s` → `Kapture Dev API's`).
 */
export function kapTicket<TRaw>(
  details: KapTaskDetails,
  raw: TRaw,
  additional: Record<string, unknown>,
  options: KapNormalizeOptions,
): Ticket<TRaw> {
  const date = (value: string) => (value === '' ? null : (parseKapDateTime(value, options.utcOffsetMinutes) ?? null));
  const number = Number(details.ticketId);
  const customFields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(additional)) {
    if (typeof value === 'string') customFields[key] = decodeHtmlEntities(value);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) customFields[key] = value;
  }
  const customerName = typeof additional.customer_name === 'string' ? text(additional.customer_name) : null;
  const customerId = id(details.customerId);
  return {
    vendor: 'kapture',
    id: details.ticketId,
    number: Number.isSafeInteger(number) ? number : null,
    key: null,
    remoteId: String(details.taskId),
    title: decodeHtmlEntities(details.title),
    description: text(details.detail),
    status: kapStatus(details, options.statusMap),
    rawStatus: text(details.status),
    rawSubStatus: text(details.substatus),
    priority: text(details.priority),
    channel: text(details.primarySource),
    category: text(
      details.disposition
        .split('|')
        .map((part) => part.trim())
        .join('|'),
    ),
    assignee:
      details.assignedId > 0 || details.assignedToName.trim() !== ''
        ? { kind: 'agent', id: id(details.assignedId), name: text(details.assignedToName), email: null, phone: null }
        : null,
    requester:
      customerId || details.email || details.phone || customerName
        ? {
            kind: 'customer',
            id: customerId,
            name: customerName,
            email: text(details.email),
            phone: text(details.phone),
          }
        : null,
    tags: [],
    createdAt: date(details.date),
    updatedAt: date(details.lastFollowUp),
    dueAt: null,
    closedAt: date(details.taskEnddate),
    url: text(details.url),
    customFields,
    attachments: kapTicketAttachments(details),
    raw,
  };
}

/** A K3 element, normalized. */
export function kapRecordTicket(record: KapTicketRecord, options: KapNormalizeOptions): Ticket<KapTicketRecord> {
  return kapTicket(record.task_details, record, record.additional_info, options);
}

/** Activity types as Deskwire (and LeadSquared) name them; anything else is a chat message. */
const KINDS: Readonly<Record<string, readonly [ConversationKind, Conversation['direction']]>> = {
  InboundEmail: ['email-in', 'inbound'],
  OutboundEmail: ['email-out', 'outbound'],
  PortalInbound: ['portal-in', 'inbound'],
  PortalOutbound: ['portal-out', 'outbound'],
  InternalNote: ['note', 'internal'],
};

/**
 * The record's `conversation_type.chat` and `.notes`, oldest first. `chat_message` is the text, or an
 * array of `{url, mime, message}` files whose `message` is the text (vendor-apis.md §2.3).
 */
export function kapConversations(record: KapTicketRecord, options: KapNormalizeOptions): Conversation<KapChatEntry>[] {
  const ticketId = record.task_details.ticketId;
  const convert = (entry: KapChatEntry, isNote: boolean): Conversation<KapChatEntry> => {
    const [kind, direction] = isNote
      ? (['note', 'internal'] as const)
      : (KINDS[entry.type] ?? (['chat', 'inbound'] as const));
    const files = Array.isArray(entry.chat_message) ? entry.chat_message : [];
    const message = typeof entry.chat_message === 'string' ? entry.chat_message : (files[0]?.message ?? '');
    const conversationId = String(entry.id);
    return {
      vendor: 'kapture',
      id: conversationId,
      ticketId,
      kind,
      direction,
      isPrivate: kind === 'note',
      body: { text: decodeHtmlEntities(message), html: entry.email_body ?? null },
      author: { id: null, name: text(entry.sender_name) },
      createdAt: parseKapDateTime(entry.sentDate, options.utcOffsetMinutes) ?? null,
      attachments: files.map((file) =>
        kapAttachment(file, { ticketId, conversationId, fileName: fileNameOf(file.url) }),
      ),
      raw: entry,
    };
  };
  const all = [
    ...(record.conversation_type?.chat ?? []).map((e) => convert(e, false)),
    ...(record.conversation_type?.notes ?? []).map((e) => convert(e, true)),
  ];
  return all.sort(
    (a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || Number(a.id) - Number(b.id),
  );
}

/** The ticket's own files (`task_details.attachments`, whose `message` is the file name). */
export function kapTicketAttachments(details: KapTaskDetails): Attachment<KapAttachment>[] {
  return details.attachments.map((file) =>
    kapAttachment(file, {
      ticketId: details.ticketId,
      conversationId: null,
      fileName: file.message || fileNameOf(file.url),
    }),
  );
}

function kapAttachment(
  file: KapAttachment,
  at: { ticketId: string; conversationId: string | null; fileName: string },
): Attachment<KapAttachment> {
  return {
    vendor: 'kapture',
    id: null,
    ticketId: at.ticketId,
    conversationId: at.conversationId,
    fileName: at.fileName,
    contentType: file.mime || null,
    size: null,
    url: file.url,
    expiresAt: signedUrlExpiry(file.url) ?? null,
    raw: file,
  };
}

/** The last path segment of a URL, decoded (`…/files/<id>/Aadhaar.png?…` → `Aadhaar.png`). */
function fileNameOf(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    return decodeURIComponent(segment) || 'attachment';
  } catch {
    return 'attachment';
  }
}

/** K1/K2 responses as a reference: `ticketId` and the internal `taskId`. */
export function kapTicketRef(response: KapAddTicketResponse | KapUpdateTicketResponse): TicketRef {
  return {
    vendor: 'kapture',
    id: response.ticket.ticketId,
    key: null,
    remoteId: String(response.ticket.id),
    raw: response,
  };
}
