import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpContext } from './context.js';
import { connectServer, createMcpServer } from './server-factory.js';

/** The only path served. */
export const MCP_PATH = '/mcp';

export interface HttpMcpServer {
  /** `http://127.0.0.1:PORT/mcp`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Streamable HTTP on 127.0.0.1 only, stateless: each POST gets its own MCP server and transport (as
 * the SDK's stateless example does), all over the one client of `ctx`, so the rate limiter is shared.
 * The SDK's DNS-rebinding protection is on: a request whose Host is not this loopback address and
 * port, or whose Origin (when sent) is not a loopback origin of this port, is refused with 403, so a
 * web page cannot reach the server through a rebound DNS name.
 */
export async function serveHttp(ctx: McpContext, port: number): Promise<HttpMcpServer> {
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];
  const http = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      ctx.log(`deskwire mcp: HTTP request failed: ${(error as Error).message}`);
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== MCP_PATH) return reply(res, 404, `not found: the MCP endpoint is ${MCP_PATH}`);
    if (req.method !== 'POST') {
      // Stateless: no session to stream to (GET) or end (DELETE).
      res.setHeader('allow', 'POST');
      return reply(res, 405, 'method not allowed: POST JSON-RPC messages');
    }
    const transport = new StreamableHTTPServerTransport({
      // No sessionIdGenerator: stateless.
      enableJsonResponse: true,
      enableDnsRebindingProtection: true,
      allowedHosts,
      allowedOrigins,
    });
    const server = createMcpServer(ctx);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await connectServer(server, transport, ctx);
    await transport.handleRequest(req, res);
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  allowedHosts = [`127.0.0.1:${bound}`, `localhost:${bound}`];
  allowedOrigins = [`http://127.0.0.1:${bound}`, `http://localhost:${bound}`];
  return {
    url: `http://127.0.0.1:${bound}${MCP_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
