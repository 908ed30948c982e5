import type { TicketPatch } from '@deskwire/client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from '../context.js';
import { McpToolError } from '../context.js';
import { runTool } from '../run-tool.js';
import { ticketRefSchema } from '../schemas.js';
import { refView } from '../ticket-view.js';
import { ticketIdArg } from './ticket-id-arg.js';
import { priorityArg, statusArg, vendorFieldsArg } from './vendor-fields-arg.js';

export function registerUpdateTicket(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'update_ticket',
    {
      title: 'Update a ticket',
      description:
        "Change a ticket's status, priority or other fields; only what is given changes. Status and priority " +
        "take the vendor's own values (see the argument descriptions). Writes to the CRM; not retried.",
      inputSchema: {
        ticket_id: ticketIdArg,
        status: statusArg.optional(),
        priority: priorityArg.optional(),
        fields: vendorFieldsArg,
      },
      outputSchema: ticketRefSchema.shape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'update_ticket', args, async () => {
        const patch: TicketPatch = {
          ...(args.status !== undefined && { status: args.status }),
          ...(args.priority !== undefined && { priority: args.priority }),
          ...(args.fields !== undefined && Object.keys(args.fields).length > 0 && { fields: args.fields }),
        };
        if (Object.keys(patch).length === 0) {
          throw new McpToolError('VALIDATION', 'nothing to change: give status, priority or fields');
        }
        const ref = refView(await ctx.tickets.updateTicket(args.ticket_id, patch));
        return {
          structured: ref,
          text: `Ticket ${ref.id} updated (${Object.keys(patch).join(', ')}).`,
          summary: { ticketId: ref.id, changed: Object.keys(patch) },
        };
      }),
  );
}
