import type { Conversation } from '@deskwire/client';
import type { ThreadPage } from './schemas.js';
import { conversationView } from './ticket-view.js';

export interface PageOptions {
  offset: number;
  limit: number;
  format: 'text' | 'html';
  maxChars: number;
}

/**
 * One page of a thread (oldest first), with a note that says exactly which call returns what was
 * left out: the next page, or a cut message in full.
 */
export function threadPage(ticketId: string, conversations: readonly Conversation[], o: PageOptions): ThreadPage {
  const slice = conversations.slice(o.offset, o.offset + o.limit);
  const views = slice.map((c, i) => conversationView(c, o.offset + i + 1, o.format, o.maxChars));
  const end = o.offset + views.length;
  const notes: string[] = [];
  const call = `call list_conversations with ticket_id "${ticketId}"`;
  if (end < conversations.length) {
    notes.push(
      `${range(end + 1, conversations.length)} left out: ${call}, offset: ${end} (limit up to 100) for the next ones.`,
    );
  }
  for (const view of views) {
    if (view.bodyTruncated === null) continue;
    notes.push(
      `Message ${view.position} was cut (${view.bodyTruncated.shownChars} of ${view.bodyTruncated.totalChars} characters): ` +
        `${call}, offset: ${view.position - 1}, limit: 1, max_chars: ${view.bodyTruncated.totalChars} to read it whole.`,
    );
  }
  return {
    ticketId,
    total: conversations.length,
    offset: o.offset,
    returned: views.length,
    nextOffset: end < conversations.length ? end : null,
    conversations: views,
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}

function range(first: number, last: number): string {
  return first === last ? `Conversation ${first} was` : `Conversations ${first}-${last} were`;
}
