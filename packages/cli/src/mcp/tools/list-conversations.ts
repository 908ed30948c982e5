import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../context.js';
import { threadText } from '../render-text.js';
import { runTool } from '../run-tool.js';
import { threadPageSchema } from '../schemas.js';
import { threadPage } from '../thread-page.js';
import { LIMITS } from '../truncate.js';
import { ticketIdArg } from './ticket-id-arg.js';

export function registerListConversations(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'list_conversations',
    {
      title: "List a ticket's conversations",
      description:
        'Read the thread of a ticket, oldest first: e-mails and portal messages in and out (plus internal notes and ' +
        'chat on Kapture). Bodies are plain text by default (HTML converted); format "html" returns the HTML as sent. ' +
        `Returns at most \`limit\` conversations (default ${LIMITS.conversations}) from \`offset\`, each body cut at ` +
        `\`max_chars\` (default ${LIMITS.messageChars}); the result's note says exactly which call returns the rest. ` +
        'Attachments are listed as metadata with an attachmentId for download_attachment.',
      inputSchema: {
        ticket_id: ticketIdArg,
        offset: z.number().int().min(0).optional().describe('Skip this many conversations (default 0)'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(LIMITS.maxConversations)
          .optional()
          .describe(`Conversations to return (default ${LIMITS.conversations})`),
        format: z
          .enum(['text', 'html'])
          .optional()
          .describe('"text" (default): readable plain text; "html": the HTML exactly as the vendor sent it'),
        max_chars: z
          .number()
          .int()
          .min(1)
          .max(LIMITS.maxChars)
          .optional()
          .describe(`Cut each message body after this many characters (default ${LIMITS.messageChars})`),
      },
      outputSchema: threadPageSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'list_conversations', args, async () => {
        const conversations = await ctx.tickets.listConversations(args.ticket_id);
        const page = threadPage(args.ticket_id, conversations, {
          offset: args.offset ?? 0,
          limit: args.limit ?? LIMITS.conversations,
          format: args.format ?? 'text',
          maxChars: args.max_chars ?? LIMITS.messageChars,
        });
        return { structured: page, text: threadText(page) };
      }),
  );
}
