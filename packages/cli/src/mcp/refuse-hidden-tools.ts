import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  ErrorCode,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpContext } from './context.js';
import { McpToolError } from './context.js';
import { recordCall, runTool } from './run-tool.js';
import { AUDITED_TOOLS, isToolName, type ToolName } from './tool-names.js';

/**
 * Answers a `tools/call` of a known tool this server does not offer (a write tool without
 * `--allow-writes`, a tool outside `--tools`) with a tool error that says why and what the operator
 * would have to change, and audits it like any write-tool call. The SDK alone would answer "Tool
 * add_internal_note not found", which reads like a typo. Must run after `server.connect(transport)`:
 * it wraps the handler the SDK installed; every other message goes to it unchanged.
 */
export function refuseHiddenTools(transport: Transport, ctx: McpContext): void {
  const handle = transport.onmessage;
  const calls = auditSchemaRefusals(transport, ctx);
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message) && message.method === 'tools/call') {
      const name = (message.params as { name?: unknown } | undefined)?.name;
      const reason = typeof name === 'string' && isToolName(name) ? ctx.refusals.get(name) : undefined;
      if (reason === undefined && typeof name === 'string' && isToolName(name) && AUDITED_TOOLS.has(name)) {
        calls.set(message.id, { tool: name, args: (message.params as { arguments?: unknown }).arguments });
      }
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

/** The SDK's text for arguments that break a tool's input schema: an `McpError` of code InvalidParams. */
const SCHEMA_REFUSAL = `MCP error ${ErrorCode.InvalidParams}:`;

/**
 * The SDK checks a tool's arguments against its schema before the tool runs, so `runTool` never sees
 * such a call and would not audit it; the audit file promises a line per write-tool call whatever
 * the outcome. Watches the answers to audited calls (ids in the returned map) and audits a schema
 * refusal as `INVALID_ARGUMENTS` before it is sent.
 */
function auditSchemaRefusals(transport: Transport, ctx: McpContext): Map<RequestId, { tool: ToolName; args: unknown }> {
  const calls = new Map<RequestId, { tool: ToolName; args: unknown }>();
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    // Only answers (a result or an error) end a call; the server's own requests have ids of their own.
    const answer = 'result' in message || 'error' in message ? message : undefined;
    const call = answer?.id === undefined || answer.id === null ? undefined : calls.get(answer.id);
    if (answer?.id !== undefined && answer.id !== null && call !== undefined) calls.delete(answer.id);
    if (call !== undefined && isJSONRPCResultResponse(message)) {
      const result = message.result as CallToolResult;
      const first = result.content?.[0];
      const text = first?.type === 'text' ? first.text : '';
      if (result.isError === true && text.startsWith(SCHEMA_REFUSAL)) {
        const error = { code: 'INVALID_ARGUMENTS', message: text.slice(SCHEMA_REFUSAL.length).trim() };
        await recordCall(ctx, call.tool, call.args, { outcome: 'error', error }, result);
      }
    }
    return send(message, options);
  };
  return calls;
}
