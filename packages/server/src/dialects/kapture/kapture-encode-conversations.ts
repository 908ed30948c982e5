import { encodeKapName, formatKapDateTime, type KapChatEntry, type KapConversations } from '@deskwire/wire';
import type { Activity } from '../../core/domain.js';
import type { KaptureTicket } from '../../core/kapture/read-tickets.js';
import { attachmentOf, type KapReadContext, leadName, nameOf } from './kapture-read-context.js';

/** `conversation_type`: `chat` (emails and portal messages) and/or `notes`, oldest first. */
export function toConversations(
  t: KaptureTicket,
  ctx: KapReadContext,
  which: 'chat' | 'notes' | 'all',
  includeEmailBody: boolean,
): KapConversations {
  const entry = (a: Activity): KapChatEntry => toChatEntry(a, t, ctx, includeEmailBody);
  const chat = t.activities.filter((a) => a.type !== 'InternalNote').map(entry);
  const notes = t.activities.filter((a) => a.type === 'InternalNote').map(entry);
  if (which === 'chat') return { chat };
  if (which === 'notes') return { notes };
  return { chat, notes };
}

function toChatEntry(a: Activity, t: KaptureTicket, ctx: KapReadContext, includeEmailBody: boolean): KapChatEntry {
  const message = a.text ?? htmlToText(a.html ?? '');
  const author = encodeKapName(nameOf(a.createdBy, t, ctx));
  const customer = encodeKapName(leadName(t));
  const desk = encodeKapName(ctx.tenantName);
  const inbound = a.type === 'InboundEmail' || a.type === 'PortalInbound';
  return {
    id: a.id,
    type: a.type,
    chat_message: a.attachments.length > 0 ? a.attachments.map((f) => attachmentOf(f, message, ctx)) : message,
    sender_name: author,
    receiver_name: a.type === 'InternalNote' ? '' : inbound ? desk : customer,
    sentDate: formatKapDateTime(a.createdAt, ctx.settings.utcOffsetMinutes),
    ...(includeEmailBody && a.type.endsWith('Email') && { email_body: a.html ?? '' }),
  };
}

/** Plain text of an HTML body, for conversations stored without a text version. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
