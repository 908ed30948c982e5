import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { type McpContext, McpToolError } from '../context.js';
import { runTool } from '../run-tool.js';

/** A page stays small for an agent's context; it says how to get the next. */
const DEFAULT_LIMIT = 10;

/**
 * `search_tickets`: Deskwire's full-text search and filtered lists (/api/v1, docs/api.md) through the
 * SDK's DeskwireClient. Read-only: it changes nothing. Needs a LeadSquared connection to a Deskwire
 * server (neither vendor offers a search endpoint).
 */
export function registerSearchTickets(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'search_tickets',
    {
      title: 'Search tickets',
      description:
        'Find tickets on a Deskwire server: full-text words in titles, descriptions, conversations and notes ' +
        '(ranked, with the matching passage), or a ticket number, #key, GUID, customer email or phone. Without ' +
        '"query" it lists tickets by the filters, most recently updated first. Pass "cursor" from the answer for ' +
        'the next page. Read-only.',
      inputSchema: {
        query: z.string().min(1).max(500).optional().describe('Words, "quoted phrases", word* prefixes, or an id'),
        status: z.string().max(200).optional().describe('Status value(s), comma-separated (e.g. "Open,On Hold")'),
        priority: z.string().max(200).optional().describe('Priority value(s), comma-separated'),
        assignee: z.string().max(200).optional().describe('Assignee user id(s)'),
        unassigned: z.boolean().optional().describe('Only tickets without an assignee'),
        tags: z.string().max(200).optional().describe('Tickets carrying every one of these comma-separated tags'),
        limit: z.number().int().min(1).max(50).optional().describe(`Page size (default ${DEFAULT_LIMIT})`),
        cursor: z.string().max(500).optional().describe('"nextCursor" of the previous answer'),
      },
      outputSchema: {
        tickets: z.array(
          z.object({
            key: z.string(),
            number: z.number(),
            title: z.string().nullable(),
            status: z.string().nullable(),
            priority: z.string().nullable(),
            assignee: z.string().nullable(),
            updatedAt: z.string(),
            snippet: z.string().nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'search_tickets', args, async () => {
        const desk = ctx.desk;
        if (!desk) {
          throw new McpToolError(
            'UNSUPPORTED',
            'search_tickets needs a LeadSquared connection to a Deskwire server (Kapture offers no search)',
          );
        }
        const filters = {
          ...(args.status !== undefined && { status: args.status }),
          ...(args.priority !== undefined && { priority: args.priority }),
          ...(args.assignee !== undefined && { assignee: args.assignee }),
          ...(args.unassigned === true && { unassigned: 'true' as const }),
          ...(args.tags !== undefined && { tags: args.tags }),
          ...(args.cursor !== undefined && { cursor: args.cursor }),
          limit: String(args.limit ?? DEFAULT_LIMIT),
        };
        const page = args.query ? await desk.searchTickets(args.query, filters) : await desk.listTickets(filters);
        const tickets = page.tickets.map((t) => ({
          key: t.key,
          number: t.number,
          title: t.title,
          status: t.status,
          priority: t.priority,
          assignee: t.assignee,
          updatedAt: t.updatedAt,
          snippet: t.snippet ? plain(t.snippet) : null,
        }));
        const text = [
          `${tickets.length} ticket${tickets.length === 1 ? '' : 's'}${page.nextCursor ? ' (more: pass cursor)' : ''}.`,
          ...tickets.map(
            (t) =>
              `${t.key} [${t.status ?? '-'}/${t.priority ?? '-'}] ${t.title ?? ''}${t.snippet ? `\n  …${t.snippet}` : ''}`,
          ),
          ...(page.nextCursor ? [`cursor: ${page.nextCursor}`] : []),
        ].join('\n');
        return { structured: { tickets, nextCursor: page.nextCursor }, text };
      }),
  );
}

/** The snippet as plain text: hits between `**`, HTML escapes undone. */
function plain(snippet: string): string {
  return snippet
    .replace(/<\/?mark>/g, '**')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
