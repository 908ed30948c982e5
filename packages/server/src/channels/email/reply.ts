import { Readable } from 'node:stream';
import { addActivity } from '../../core/add-activity.js';
import { discardFiles, keepFiles } from '../../core/discard-files.js';
import type { TicketLookup, User } from '../../core/domain.js';
import { ticketNotFound } from '../../core/get-ticket.js';
import { ticketKey } from '../../core/ticket-ref.js';
import { ApiError } from '../../errors/api-error.js';
import { composeReply } from './compose.js';
import type { EmailDeps } from './ingest.js';
import { parseAddressList } from './participants.js';
import { flattenText } from './text.js';

export interface ReplyInput {
  orgId: number;
  ticket: TicketLookup;
  /** The agent replying (the conversation's `CreatedBy`). */
  actor: User;
  html?: string | undefined;
  text?: string | undefined;
  /** An internal note instead: stored, never mailed. */
  internal?: boolean | undefined;
}

export interface QueuedReply {
  ticketNumber: number;
  /** The conversation's (or note's) `Id`. */
  conversationId: number;
  type: 'OutboundEmail' | 'InternalNote';
  /** Our signed Message-ID; `null` for an internal note. */
  messageId: string | null;
  to: string[];
  cc: string[];
  sendState: 'queued' | null;
}

/** Longest reply body accepted, per part. */
export const MAX_REPLY_CHARS = 1_000_000;

/**
 * An agent's reply: one transaction writes the `OutboundEmail` conversation and its send job (the
 * outbound message row, queued, with the composed `.eml` in the blob store), so a crash can lose
 * neither half. The sender (sender.ts) delivers it. Internal notes are stored and never mailed.
 */
export async function replyToCustomer(input: ReplyInput, deps: EmailDeps): Promise<QueuedReply> {
  const text = input.text?.trim() ?? '';
  const html = input.html?.trim() ?? '';
  if (!text && !html) throw new ApiError('ValidationError', 'A reply needs text or html');
  if (text.length > MAX_REPLY_CHARS || html.length > MAX_REPLY_CHARS) {
    throw new ApiError(
      'PayloadTooLarge',
      `A reply's text and html may each have at most ${MAX_REPLY_CHARS} characters`,
    );
  }
  if (input.internal) {
    const { id, ticket } = await addActivity(
      {
        orgId: input.orgId,
        ticket: input.ticket,
        type: 'InternalNote',
        html: html || null,
        text: text || null,
        createdBy: input.actor.id,
      },
      deps,
    );
    return {
      ticketNumber: ticket.number,
      conversationId: id,
      type: 'InternalNote',
      messageId: null,
      to: [],
      cc: [],
      sendState: null,
    };
  }
  let raw: { sha256: string; created: boolean } | undefined;
  try {
    const result = await deps.storage.transaction(async (tx) => {
      const ticket = await tx.tickets.find(input.orgId, input.ticket);
      if (!ticket) throw ticketNotFound(input.ticket);
      const settings = await tx.email.getSettings(input.orgId);
      const mailboxes = await tx.email.listMailboxes(input.orgId);
      const from = settings.fromAddress ?? mailboxes[0];
      if (!from) {
        throw new ApiError(
          'ValidationError',
          `Tenant ${input.orgId} has no mailbox to reply from: add one (deskwire mailbox add)`,
        );
      }
      const lead = ticket.leadId ? await tx.leads.get(input.orgId, ticket.leadId) : undefined;
      if (!lead?.email)
        throw new ApiError('ValidationError', `Ticket ${ticketKey(ticket.number)} has no requester email address`);
      const values = await tx.tickets.values(ticket.id);
      const ours = new Set([...mailboxes, from]);
      const cc = parseAddressList(values.get('CcEmails')).filter((a) => a !== lead.email && !ours.has(a));
      const title = typeof values.get('Title') === 'string' ? String(values.get('Title')) : '';
      const thread = (await tx.email.listForTicket(ticket.id)).filter((m) => m.messageId !== '' && m.kind !== 'bounce');
      const lastInbound = thread.filter((m) => m.direction === 'inbound').at(-1) ?? thread.at(-1);
      const domain = from.split('@')[1] ?? 'deskwire.invalid';
      const messageId = deps.messageIds.create(input.orgId, ticket.number, domain);
      const now = deps.now();
      const eml = await composeReply({
        from,
        to: [lead.email],
        cc,
        subject: `Re: [${ticketKey(ticket.number)}] ${title}`.trim(),
        messageId,
        inReplyTo: lastInbound?.messageId,
        // RFC 5322 asks for the parent's References plus the parent; keep the newest 20 of the ticket's ids.
        references: thread.map((m) => m.messageId).slice(-20),
        html: html || undefined,
        text: text || flattenText(html.replace(/<[^>]*>/g, ' ')),
        date: now,
      });
      raw = await deps.blobs.put(Readable.from([eml]));
      const { id } = await addActivity(
        {
          orgId: input.orgId,
          ticket: { id: ticket.id },
          type: 'OutboundEmail',
          html: html || null,
          text: flattenText(text || html.replace(/<[^>]*>/g, ' ')),
          createdBy: input.actor.id,
        },
        { ...deps, storage: tx },
      );
      await tx.email.insert({
        id: deps.newId(),
        orgId: input.orgId,
        direction: 'outbound',
        kind: 'reply',
        ticketId: ticket.id,
        activityId: id,
        messageId,
        contentHash: raw.sha256,
        rawSha256: raw.sha256,
        fromAddress: from,
        recipients: [lead.email, ...cc],
        subject: `Re: [${ticketKey(ticket.number)}] ${title}`.trim(),
        createdAt: now,
        sendState: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        sentAt: null,
      });
      return {
        ticketNumber: ticket.number,
        conversationId: id,
        type: 'OutboundEmail' as const,
        messageId,
        to: [lead.email],
        cc,
        sendState: 'queued' as const,
      };
    });
    if (raw) keepFiles([{ ...raw, fileName: '', contentType: '', size: 0 }], deps);
    return result;
  } catch (error) {
    if (raw) await discardFiles([{ ...raw, fileName: '', contentType: '', size: 0 }], deps);
    throw error;
  }
}
