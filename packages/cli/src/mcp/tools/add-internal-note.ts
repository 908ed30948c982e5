import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../context.js';
import { runTool } from '../run-tool.js';
import { ticketIdArg } from './ticket-id-arg.js';

/** A note is for a human agent to read; a longer text belongs in an attachment or a ticket. */
const MAX_NOTE_CHARS = 20_000;

export function registerAddInternalNote(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'add_internal_note',
    {
      title: 'Add an internal note',
      description:
        'Add an internal note to a ticket: visible to the support team only, never sent to the customer. ' +
        'Use it to leave findings or a drafted reply for the human agent. Writes to the CRM; not retried.',
      inputSchema: {
        ticket_id: ticketIdArg,
        text: z.string().trim().min(1).max(MAX_NOTE_CHARS).describe('The note, plain text'),
      },
      outputSchema: {
        vendor: z.enum(['leadsquared', 'kapture']),
        ticketId: z.string(),
        noteId: z.string().nullable().describe('Neither vendor returns one: usually null'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'add_internal_note', args, async () => {
        const receipt = await ctx.tickets.addNote(args.ticket_id, args.text);
        const structured = { vendor: receipt.vendor, ticketId: receipt.ticketId, noteId: receipt.noteId };
        return {
          structured,
          text: `Internal note added to ticket ${receipt.ticketId}.`,
          summary: { ticketId: receipt.ticketId },
        };
      }),
  );
}
