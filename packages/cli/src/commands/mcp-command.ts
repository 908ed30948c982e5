import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Command, InvalidArgumentError } from 'commander';
import type { McpContext } from '../mcp/context.js';
import { serveHttp } from '../mcp/http-server.js';
import { connectServer, createMcpServer } from '../mcp/server-factory.js';
import { type McpFlags, mcpContext } from '../mcp/start.js';
import { port } from '../parse-options.js';
import { connect, connectionOptions } from '../profiles/connect.js';
import type { ConnectionFlags } from '../profiles/profiles.js';

type Flags = ConnectionFlags & McpFlags & { http?: number };

export function mcpCommand(): Command {
  return connectionOptions(new Command('mcp'))
    .description('Serve tickets to AI agents over the Model Context Protocol (stdio, or --http on loopback)')
    .option('--http <port>', 'serve streamable HTTP on 127.0.0.1:PORT/mcp instead of stdio (0: a free port)', port)
    .option('--allow-writes', 'offer the write tools: add_internal_note, create_ticket, update_ticket')
    .option('--download-dir <dir>', 'offer download_attachment, saving only into this folder')
    .option('--tools <names>', 'offer only these tools (comma-separated)', toolList)
    .option('--audit-file <file>', 'JSON-lines log of write-tool calls (default: CONFIG_DIR/mcp-audit.jsonl)')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire mcp --profile acme\n  deskwire mcp --profile acme --allow-writes --download-dir ./files --http 8808\n\n' +
        'Read-only unless --allow-writes. In stdio mode stdout carries the protocol only; messages go to stderr.\n',
    )
    .action(async (o: Flags) => {
      const connected = await connect(o);
      const ctx = await mcpContext(connected, o);
      const where = `${ctx.vendor} at ${connected.connection.host}${ctx.profile ? ` (profile ${ctx.profile})` : ''}`;
      const tools = [...ctx.enabled].join(', ');
      if (o.http !== undefined) await runHttp(ctx, o.http, where, tools);
      else await runStdio(ctx, where, tools);
    });
}

async function runStdio(ctx: McpContext, where: string, tools: string): Promise<void> {
  const server = createMcpServer(ctx);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  await connectServer(server, new StdioServerTransport(), ctx);
  ctx.log(`deskwire mcp: serving ${where} on stdio; tools: ${tools}; audit file ${ctx.audit.path}`);
  // The client closing our stdin is the end of the session (the MCP stdio transport's shutdown).
  const stop = () => void server.close();
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await closed;
}

async function runHttp(ctx: McpContext, portNumber: number, where: string, tools: string): Promise<void> {
  const http = await serveHttp(ctx, portNumber);
  // Not stdio: stdout is free, and the first line is the URL (as `deskwire serve` prints its own).
  process.stdout.write(`${http.url}\n`);
  ctx.log(`deskwire mcp: serving ${where} on ${http.url}; tools: ${tools}; audit file ${ctx.audit.path}`);
  await new Promise<void>((resolve) => {
    const stop = () => void http.close().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function toolList(value: string): string[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('name at least one tool');
  return names;
}
