import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpContext } from './context.js';
import { refuseHiddenTools } from './refuse-hidden-tools.js';
import { registerSummarizePrompt } from './summarize-prompt.js';
import { registerTicketResource } from './ticket-resource.js';
import { type ToolName, VENDOR_WRITE_TOOLS } from './tool-names.js';
import { registerAddInternalNote } from './tools/add-internal-note.js';
import { registerCreateTicket } from './tools/create-ticket.js';
import { registerDownloadAttachment } from './tools/download-attachment.js';
import { registerGetTicket } from './tools/get-ticket.js';
import { registerGetTickets } from './tools/get-tickets.js';
import { registerListConversations } from './tools/list-conversations.js';
import { registerReplyToCustomer } from './tools/reply-to-customer.js';
import { registerSearchTickets } from './tools/search-tickets.js';
import { registerUpdateTicket } from './tools/update-ticket.js';

const REGISTER: Record<ToolName, (server: McpServer, ctx: McpContext) => void> = {
  get_ticket: registerGetTicket,
  get_tickets: registerGetTickets,
  search_tickets: registerSearchTickets,
  list_conversations: registerListConversations,
  add_internal_note: registerAddInternalNote,
  create_ticket: registerCreateTicket,
  update_ticket: registerUpdateTicket,
  download_attachment: registerDownloadAttachment,
  reply_to_customer: registerReplyToCustomer,
};

export const SERVER_NAME = 'deskwire';
export const SERVER_VERSION = '0.1.0';

/**
 * An MCP server over one shared context: only the enabled tools are registered (so only they are
 * listed), plus the `ticket://{id}` resource and the `summarize_ticket` prompt. Cheap to build:
 * the HTTP mode builds one per request, all over the same client and rate limiter.
 */
export function createMcpServer(ctx: McpContext): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      instructions:
        `Support tickets of a ${ctx.vendor === 'leadsquared' ? 'LeadSquared Service CRM' : 'Kapture CRM'} account. ` +
        'Read with get_ticket, get_tickets, search_tickets and list_conversations; results are cut to stay small and say how to get the rest.' +
        ([...ctx.enabled].some((name) => VENDOR_WRITE_TOOLS.has(name))
          ? ' Write tools change the CRM and every call is audited.'
          : ' This server is read-only.'),
    },
  );
  for (const name of ctx.enabled) REGISTER[name](server, ctx);
  registerTicketResource(server, ctx);
  registerSummarizePrompt(server, ctx);
  return server;
}

/** Connects a server to a transport, with refused tools answered as such (see refuseHiddenTools). */
export async function connectServer(server: McpServer, transport: Transport, ctx: McpContext): Promise<void> {
  await server.connect(transport);
  refuseHiddenTools(transport, ctx);
}
