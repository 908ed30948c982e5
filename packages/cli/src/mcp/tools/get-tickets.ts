import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../context.js';
import { ticketText } from '../render-text.js';
import { runTool } from '../run-tool.js';
import { ticketSchema } from '../schemas.js';
import { ticketView } from '../ticket-view.js';
import { ticketIdArg } from './ticket-id-arg.js';

/** Descriptions are cut shorter than get_ticket's: a batch must stay small. */
const BATCH_DESCRIPTION_CHARS = 500;
/** One call's batch: Kapture's K3 takes 50 ids per call (docs/client.md); LeadSquared is one call per id. */
const MAX_IDS = 50;

export function registerGetTickets(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'get_tickets',
    {
      title: 'Get several tickets',
      description:
        `Read up to ${MAX_IDS} tickets at once, in the order asked. Ids that name no ticket are listed in ` +
        `"missing" rather than failing the call. Descriptions are cut at ${BATCH_DESCRIPTION_CHARS} characters; ` +
        'use get_ticket for one ticket in full.',
      inputSchema: {
        ids: z.array(ticketIdArg).min(1).max(MAX_IDS).describe('Ticket ids (see get_ticket)'),
      },
      outputSchema: {
        tickets: z.array(ticketSchema),
        missing: z.array(z.string()).describe('Ids asked for that name no ticket'),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'get_tickets', args, async () => {
        const found = await ctx.tickets.getTickets(args.ids);
        const tickets = found.map((t) => ticketView(t, BATCH_DESCRIPTION_CHARS));
        const seen = new Set(found.flatMap((t) => [t.id, t.key, t.remoteId].filter((v) => v !== null)));
        const missing = args.ids.filter(
          (id) => !seen.has(id) && !seen.has(`#${id}`) && !seen.has(id.replace(/^#/, '')),
        );
        const text = [
          `${tickets.length} of ${args.ids.length} tickets found${missing.length > 0 ? `; not found: ${missing.join(', ')}` : ''}.`,
          ...tickets.map(ticketText),
        ].join('\n\n');
        return { structured: { tickets, missing }, text };
      }),
  );
}
