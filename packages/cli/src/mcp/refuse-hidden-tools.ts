import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpContext } from './context.js';
import { McpToolError } from './context.js';
import { runTool } from './run-tool.js';
import { isToolName } from './tool-names.js';

/**
 * Answers a `tools/call` of a known tool this server does not offer (a write tool without
 * `--allow-writes`, a tool outside `--tools`) with a tool error that says why and what the operator
 * would have to change, and audits it like any write-tool call. The SDK alone would answer "Tool
 * add_internal_note not found", which reads like a typo. Must run after `server.connect(transport)`:
 * it wraps the handler the SDK installed; every other message goes to it unchanged.
 */
export function refuseHiddenTools(transport: Transport, ctx: McpContext): void {
  const handle = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message) && message.method === 'tools/call') {
      const name = (message.params as { name?: unknown } | undefined)?.name;
      const reason = typeof name === 'string' && isToolName(name) ? ctx.refusals.get(name) : undefined;
      if (reason !== undefined && typeof name === 'string' && isToolName(name)) {
        const args = (message.params as { arguments?: unknown }).arguments;
        void runTool(ctx, name, args, () => Promise.reject(new McpToolError('REFUSED', reason))).then((result) =>
          transport.send({ jsonrpc: '2.0', id: message.id, result }).catch((error: unknown) => {
            ctx.log(`deskwire mcp: cannot answer a refused call: ${(error as Error).message}`);
          }),
        );
        return;
      }
    }
    handle?.(message, extra);
  };
}
