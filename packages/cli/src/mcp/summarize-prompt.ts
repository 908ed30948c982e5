import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpContext } from './context.js';
import { readTicketDocument } from './ticket-resource.js';

export function registerSummarizePrompt(server: McpServer, ctx: McpContext): void {
  server.registerPrompt(
    'summarize_ticket',
    {
      title: 'Summarize a ticket for a human agent',
      description:
        "Builds a request to summarise a ticket's thread for the human agent taking it over: the problem, what was " +
        'tried, what the customer is waiting for, and the next step.',
      argsSchema: {
        ticket_id: z.string().min(1).describe('Ticket id (LeadSquared number, key or GUID; Kapture ticket id)'),
      },
    },
    async ({ ticket_id }) => {
      const doc = await readTicketDocument(ctx, ticket_id);
      const instructions = [
        `Summarise support ticket ${doc.ticket.key ?? doc.ticket.id} for the human agent who will handle it next.`,
        'Write at most 8 short bullet points, in this order:',
        "- the customer's problem, in one sentence;",
        '- what has been said or tried so far, and by whom (customer, agent, internal note);',
        '- what the customer is waiting for, and since when;',
        '- open questions, promises made, and any deadline;',
        '- the suggested next step.',
        'Quote order numbers, amounts and dates exactly. Internal notes are not visible to the customer: say so when you use one.',
        'If the thread was cut, say what is missing rather than guessing.',
        '',
        'The ticket and its recent thread:',
        '',
        doc.markdown,
      ].join('\n');
      return {
        description: `Summary of ticket ${doc.ticket.key ?? doc.ticket.id}: ${doc.ticket.title}`,
        messages: [{ role: 'user', content: { type: 'text', text: instructions } }],
      };
    },
  );
}
