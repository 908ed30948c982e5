import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { postReply, replyConnectionProblem } from '../../reply/post-reply.js';
import type { McpContext } from '../context.js';
import { McpToolError } from '../context.js';
import { runTool } from '../run-tool.js';
import { ticketIdArg } from './ticket-id-arg.js';

/** The server takes up to 1,000,000 characters per part; an agent's email is far shorter. */
const MAX_REPLY_CHARS = 50_000;

/**
 * Text that reads as a note to colleagues rather than words for the customer ("Internal note: …",
 * "[internal] …", "Note to self: …"). An agent that means a note and calls the mail tool would send it
 * to the customer: refused, pointing at add_internal_note.
 */
const NOTE_LIKE =
  /^\s*(?:\[\s*internal\s*\]|\(\s*internal\s*\)|internal(?:\s+note)?\s*[:\-–]|note\s+to\s+(?:self|team|agent)s?\s*[:\-–]|private\s+note\s*[:\-–])/i;

export function registerReplyToCustomer(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'reply_to_customer',
    {
      title: 'SEND AN EMAIL to the customer',
      description:
        'SENDS AN EMAIL to the ticket requester (and the ticket Cc) through the Deskwire server: the customer ' +
        'reads every word, and it cannot be unsent. Only for a reply meant for the customer; for findings or a ' +
        'draft for the support team use add_internal_note (never mailed). Stored on the ticket as an ' +
        'OutboundEmail conversation; every call is audited. Not retried.',
      inputSchema: {
        ticket_id: ticketIdArg,
        text: z.string().trim().min(1).max(MAX_REPLY_CHARS).describe('The email to the customer, plain text'),
        internal: z
          .boolean()
          .optional()
          .describe('Must be absent or false: this tool always emails the customer. Use add_internal_note for notes.'),
      },
      outputSchema: {
        ticketNumber: z.number(),
        conversationId: z.number(),
        messageId: z.string().describe('The email Message-ID (replies to it thread onto the ticket)'),
        to: z.array(z.string()),
        cc: z.array(z.string()),
        sendState: z.string().describe('queued: the server sends it (with retries) from its outbox'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'reply_to_customer', args, async () => {
        if (args.internal === true) {
          throw new McpToolError(
            'REFUSED',
            'reply_to_customer always emails the customer; an internal note is never mailed: use add_internal_note.',
          );
        }
        if (NOTE_LIKE.test(args.text)) {
          throw new McpToolError(
            'REFUSED',
            'the text reads as an internal note, which must never be mailed: use add_internal_note for notes, ' +
              'or write the reply as the customer should read it.',
          );
        }
        const connection = ctx.connection;
        const problem = connection ? replyConnectionProblem(connection) : 'no connection';
        if (!connection || problem) throw new McpToolError('REFUSED', `reply_to_customer: ${problem}`);
        let answer: Awaited<ReturnType<typeof postReply>>;
        try {
          // `internal: false` said outright: whatever the server's default, this call mails.
          answer = await postReply(connection, args.ticket_id, { text: args.text, internal: false });
        } catch (error) {
          throw new McpToolError('NETWORK', `cannot reach ${connection.host}: ${(error as Error).message}`);
        }
        const { status, body } = answer;
        if (status !== 201) {
          const code = typeof body.ExceptionType === 'string' ? body.ExceptionType : `HTTP_${status}`;
          const message = typeof body.ExceptionMessage === 'string' ? body.ExceptionMessage : `HTTP ${status}`;
          throw new McpToolError(code, message);
        }
        if (body.type !== 'OutboundEmail') {
          throw new McpToolError('UNEXPECTED', `the server stored a ${String(body.type)}, not an email`);
        }
        const structured = {
          ticketNumber: Number(body.ticketNumber),
          conversationId: Number(body.conversationId),
          messageId: String(body.messageId),
          to: (body.to as string[]) ?? [],
          cc: (body.cc as string[]) ?? [],
          sendState: String(body.sendState),
        };
        return {
          structured,
          text: `Email to ${structured.to.join(', ')} queued on ticket ${structured.ticketNumber} (${structured.messageId}).`,
          summary: {
            ticketNumber: structured.ticketNumber,
            conversationId: structured.conversationId,
            messageId: structured.messageId,
            to: structured.to,
          },
        };
      }),
  );
}
