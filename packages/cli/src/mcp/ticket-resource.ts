import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './context.js';
import { conversationText, ticketText } from './render-text.js';
import { threadPage } from './thread-page.js';
import { ticketView } from './ticket-view.js';
import { LIMITS } from './truncate.js';

/** How many of the latest conversations the resource carries: the recent thread, not all of it. */
export const RECENT_CONVERSATIONS = 10;

/** A ticket and its recent thread as Markdown, then as JSON; for the resource and the prompt. */
export async function readTicketDocument(ctx: McpContext, id: string) {
  const [ticket, conversations] = await Promise.all([ctx.tickets.getTicket(id), ctx.tickets.listConversations(id)]);
  const view = ticketView(ticket, LIMITS.descriptionChars);
  const offset = Math.max(0, conversations.length - RECENT_CONVERSATIONS);
  const page = threadPage(ticket.id, conversations, {
    offset,
    limit: RECENT_CONVERSATIONS,
    format: 'text',
    maxChars: LIMITS.messageChars,
  });
  const older =
    offset > 0
      ? [
          `[${offset} older conversations left out: call list_conversations with ticket_id "${ticket.id}", offset: 0, limit: ${offset}.]`,
        ]
      : [];
  const markdown = [
    ticketText(view),
    '',
    `# Thread (${page.returned} of ${page.total}, oldest first)`,
    ...older,
    ...page.conversations.map((c) => `\n${conversationText(c)}`),
    ...(page.note === null ? [] : ['', `[${page.note}]`]),
  ].join('\n');
  return { ticket: view, thread: page, markdown };
}

export function registerTicketResource(server: McpServer, ctx: McpContext): void {
  server.registerResource(
    'ticket',
    new ResourceTemplate('ticket://{id}', { list: undefined }),
    {
      title: 'Ticket',
      description: `A ticket with its latest ${RECENT_CONVERSATIONS} conversations, as Markdown and as JSON (normalized model).`,
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const raw = variables.id;
      const id = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
      const doc = await readTicketDocument(ctx, id);
      return {
        contents: [
          { uri: uri.href, mimeType: 'text/markdown', text: doc.markdown },
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify({ ticket: doc.ticket, thread: doc.thread }),
          },
        ],
      };
    },
  );
}
