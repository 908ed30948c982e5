import type { NewTicket } from '@deskwire/client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from '../context.js';
import { runTool } from '../run-tool.js';
import { ticketRefSchema } from '../schemas.js';
import { refView } from '../ticket-view.js';
import { priorityArg, statusArg, vendorFieldsArg } from './vendor-fields-arg.js';

export function registerCreateTicket(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'create_ticket',
    {
      title: 'Create a ticket',
      description:
        'Open a new ticket (for example a follow-up). LeadSquared needs a requester: an existing lead id, or an ' +
        "e-mail or phone (a lead is found or created). Answers the new ticket's id; read it back with get_ticket. " +
        'Writes to the CRM and is never retried: if the answer is an error such as a timeout, check with ' +
        'get_tickets before trying again, or a duplicate may be created.',
      inputSchema: {
        title: z.string().trim().min(1).max(500).describe('Short summary'),
        description: z.string().max(20_000).optional().describe('The problem, plain text'),
        status: statusArg.optional().describe('Initial status (LeadSquared Status text); not settable on Kapture'),
        priority: priorityArg.optional(),
        requester: z
          .object({
            id: z.string().max(200).optional().describe('LeadSquared lead GUID'),
            name: z.string().max(200).optional().describe('Full name, for a new lead or customer'),
            email: z.string().max(320).optional().describe('E-mail: finds or creates the lead or customer'),
            phone: z.string().max(50).optional().describe('Phone number, when there is no e-mail'),
          })
          .optional()
          .describe('Who raised it'),
        fields: vendorFieldsArg,
      },
      outputSchema: ticketRefSchema.shape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'create_ticket', args, async () => {
        const input: NewTicket = {
          title: args.title,
          ...(args.description !== undefined && { description: args.description }),
          ...(args.status !== undefined && { status: args.status }),
          ...(args.priority !== undefined && { priority: args.priority }),
          ...(args.requester !== undefined && { requester: dropUndefined(args.requester) }),
          ...(args.fields !== undefined && { fields: args.fields }),
        };
        const ref = refView(await ctx.tickets.createTicket(input));
        return {
          structured: ref,
          text: `Ticket created: id ${ref.id}${ref.key ? ` (${ref.key})` : ''}.`,
          summary: { ticketId: ref.id },
        };
      }),
  );
}

/** `exactOptionalPropertyTypes`: the SDK's types take absent keys, not `undefined` values. */
function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
