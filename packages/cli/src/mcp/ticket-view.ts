import type { Attachment, Conversation, Ticket, TicketRef } from '@deskwire/client';
import { htmlToText } from './html-to-text.js';
import type { ConversationView, TicketView } from './schemas.js';
import { cut } from './truncate.js';

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*\b[^>]*>/i;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** A ticket without its wire object, the description cut at `descriptionChars`. */
export function ticketView(ticket: Ticket, descriptionChars: number): TicketView {
  const description = ticket.description === null ? null : cut(ticket.description, descriptionChars);
  const contact = (c: Ticket['assignee'] | Ticket['requester']) =>
    c === null ? null : { kind: c.kind, id: c.id, name: c.name, email: c.email, phone: c.phone };
  return {
    vendor: ticket.vendor,
    id: ticket.id,
    number: ticket.number,
    key: ticket.key,
    title: ticket.title,
    description: description?.text ?? null,
    descriptionTruncated:
      description?.totalChars == null
        ? null
        : { shownChars: description.text.length, totalChars: description.totalChars },
    status: ticket.status,
    rawStatus: ticket.rawStatus,
    rawSubStatus: ticket.rawSubStatus,
    priority: ticket.priority,
    channel: ticket.channel,
    category: ticket.category,
    assignee: contact(ticket.assignee),
    requester: contact(ticket.requester),
    tags: ticket.tags,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
    dueAt: iso(ticket.dueAt),
    closedAt: iso(ticket.closedAt),
    url: ticket.url,
    customFields: ticket.customFields,
  };
}

export function refView(ref: TicketRef) {
  return { vendor: ref.vendor, id: ref.id, key: ref.key, remoteId: ref.remoteId };
}

/**
 * The id of an attachment for `download_attachment`: its place in the thread, `"<conversation>.<file>"`
 * (both 1-based, oldest conversation first). LeadSquared sends no attachment ids, and a thread only
 * grows at its end, so a position stays valid.
 */
export function attachmentId(conversationPosition: number, fileIndex: number): string {
  return `${conversationPosition}.${fileIndex + 1}`;
}

/** The attachment an id names in a thread, or null. */
export function findAttachment(conversations: readonly Conversation[], id: string): Attachment | null {
  const match = /^([1-9][0-9]*)\.([1-9][0-9]*)$/.exec(id);
  if (!match) return null;
  return conversations[Number(match[1]) - 1]?.attachments[Number(match[2]) - 1] ?? null;
}

/** The body as the agent asked: plain text (from the HTML when only that is useful) or the HTML as sent. */
export function bodyOf(conversation: Conversation, format: 'text' | 'html'): string {
  const { text, html } = conversation.body;
  if (format === 'html') return html ?? text ?? '';
  // The vendor's own text part when it is text; else the HTML made readable (Kapture puts HTML in chat text).
  if (text !== null && text.trim() !== '' && !LOOKS_LIKE_HTML.test(text)) return text;
  if (html !== null && html.trim() !== '') return htmlToText(html);
  return text === null ? '' : htmlToText(text);
}

/** One conversation of a thread at `position` (1-based), its body cut at `maxChars`. */
export function conversationView(
  conversation: Conversation,
  position: number,
  format: 'text' | 'html',
  maxChars: number,
): ConversationView {
  const body = cut(bodyOf(conversation, format), maxChars);
  return {
    position,
    id: conversation.id,
    kind: conversation.kind,
    direction: conversation.direction,
    isPrivate: conversation.isPrivate,
    author: conversation.author.name ?? conversation.author.id,
    createdAt: iso(conversation.createdAt),
    format,
    body: body.text,
    bodyTruncated: body.totalChars === null ? null : { shownChars: body.text.length, totalChars: body.totalChars },
    attachments: conversation.attachments.map((a, i) => ({
      attachmentId: attachmentId(position, i),
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}
