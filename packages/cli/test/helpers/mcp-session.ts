import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BIN } from './run-cli.js';
import { cliEnv } from './run-cli-env.js';

export interface McpSession {
  client: Client;
  /** Protocol errors the client saw, such as a stdout line that is not JSON-RPC: none is expected. */
  errors: Error[];
  /** What the server wrote to stderr so far. */
  stderr: () => string;
  /** Calls a tool; the result as the SDK's client parsed it. */
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  close: () => Promise<void>;
}

/**
 * Spawns the built `deskwire mcp ...args` (stdio) with only `env` for DESKWIRE_* settings, and connects
 * the MCP SDK's own client to it.
 */
export async function startMcp(args: readonly string[], env: Record<string, string>): Promise<McpSession> {
  const childEnv = Object.fromEntries(
    Object.entries(cliEnv(env)).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...args],
    env: childEnv,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'deskwire-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`deskwire mcp did not start: ${(error as Error).message}\n${stderr}`);
  }
  return {
    client,
    errors,
    stderr: () => stderr,
    call: async (name, callArgs = {}) => (await client.callTool({ name, arguments: callArgs })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text content of a tool result, joined. */
export function resultText(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** The structured content of a successful tool result (fails the test on a tool error). */
// biome-ignore lint/suspicious/noExplicitAny: tests check structured results field by field
export function structured(result: CallToolResult): any {
  if (result.isError) throw new Error(`tool error: ${resultText(result)}`);
  return result.structuredContent;
}
