import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../context.js';
import { ticketText } from '../render-text.js';
import { runTool } from '../run-tool.js';
import { ticketSchema } from '../schemas.js';
import { ticketView } from '../ticket-view.js';
import { LIMITS } from '../truncate.js';
import { ticketIdArg } from './ticket-id-arg.js';

export function registerGetTicket(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'get_ticket',
    {
      title: 'Get a ticket',
      description:
        'Read one support ticket: title, description, normalized status (open, pending, resolved, closed, other) ' +
        "with the vendor's own status text, priority, requester, assignee, dates and custom fields. " +
        `The description is cut at ${LIMITS.descriptionChars} characters unless description_max_chars says otherwise. ` +
        'Use list_conversations for the messages of the ticket.',
      inputSchema: {
        id: ticketIdArg,
        description_max_chars: z
          .number()
          .int()
          .min(1)
          .max(LIMITS.maxChars)
          .optional()
          .describe(`Cut the description after this many characters (default ${LIMITS.descriptionChars})`),
      },
      outputSchema: ticketSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'get_ticket', args, async () => {
        const view = ticketView(
          await ctx.tickets.getTicket(args.id),
          args.description_max_chars ?? LIMITS.descriptionChars,
        );
        return { structured: view, text: ticketText(view) };
      }),
  );
}
