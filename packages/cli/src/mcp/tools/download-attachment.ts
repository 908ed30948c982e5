import { link, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { saveAttachment } from '../../export/save-attachment.js';
import type { McpContext } from '../context.js';
import { McpToolError } from '../context.js';
import { insideDir, plainFileName } from '../download-dir.js';
import { runTool } from '../run-tool.js';
import { findAttachment } from '../ticket-view.js';
import { ticketIdArg } from './ticket-id-arg.js';

export function registerDownloadAttachment(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'download_attachment',
    {
      title: 'Download an attachment',
      description:
        "Save one attachment of a ticket's thread into the download folder the operator configured, and answer " +
        "where it was written. Take attachment_id from list_conversations. The file name is the attachment's own " +
        '(or save_as, a plain file name); an existing file is never overwritten. Answers metadata, not the content.',
      inputSchema: {
        ticket_id: ticketIdArg,
        attachment_id: z
          .string()
          .regex(/^[1-9][0-9]*\.[1-9][0-9]*$/)
          .describe('The attachmentId list_conversations gave, e.g. "2.1" (conversation 2, file 1)'),
        save_as: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe("A plain file name to save under (no folders); default: the attachment's own name"),
      },
      outputSchema: {
        fileName: z.string().describe('The name it was saved under'),
        path: z.string().describe('Absolute path of the saved file'),
        size: z.number().describe('Bytes written'),
        sha256: z.string(),
        contentType: z.string().nullable(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args) =>
      runTool(ctx, 'download_attachment', args, async () => {
        const dir = ctx.downloadDir;
        if (dir === null) {
          throw new McpToolError(
            'REFUSED',
            'downloads are off: the operator must start deskwire mcp with --download-dir',
          );
        }
        // Checked before any vendor call: a refused name costs nothing and downloads nothing.
        const target = args.save_as === undefined ? null : await plainFileName(dir, args.save_as);
        const conversations = await ctx.tickets.listConversations(args.ticket_id);
        const attachment = findAttachment(conversations, args.attachment_id);
        if (attachment === null) {
          throw new McpToolError(
            'NOT_FOUND',
            `ticket ${args.ticket_id} has no attachment ${args.attachment_id} (list_conversations lists them)`,
          );
        }
        const saved = await saveAttachment(ctx.tickets, attachment, dir, { contentAddressed: false });
        let fileName = saved.file;
        if (target !== null) {
          // link() fails with EEXIST rather than replace a file that appeared meanwhile.
          try {
            await link(join(dir, saved.file), join(dir, target));
          } finally {
            await unlink(join(dir, saved.file));
          }
          fileName = target;
        }
        const path = await insideDir(dir, fileName);
        return {
          structured: { fileName, path, size: saved.size, sha256: saved.sha256, contentType: attachment.contentType },
          text: `Saved ${attachment.fileName} (${saved.size} bytes) to ${path}.`,
          summary: { ticketId: args.ticket_id, fileName, size: saved.size, sha256: saved.sha256 },
        };
      }),
  );
}
