import { isDeskwireClientError } from '@deskwire/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CliError } from '../cli-error.js';
import type { McpContext } from './context.js';
import { McpToolError } from './context.js';
import { AUDITED_TOOLS, type ToolName } from './tool-names.js';

/** What a tool body answers: the structured result, its text rendering, and a summary for the audit file. */
export interface ToolOutput {
  structured: Record<string, unknown>;
  text: string;
  summary?: Record<string, unknown>;
}

/**
 * Runs a tool body and turns every failure into a tool result with `isError: true`: vendor errors
 * (`DeskwireClientError`) with their code and the vendor's own message, refusals with theirs. Nothing
 * a tool does can end the server. Calls of audited tools are appended to the audit file, whatever
 * the outcome.
 */
export async function runTool(
  ctx: McpContext,
  tool: ToolName,
  args: unknown,
  body: () => Promise<ToolOutput>,
): Promise<CallToolResult> {
  let result: CallToolResult;
  let audit: Pick<import('./audit-log.js').AuditEntry, 'outcome' | 'result' | 'error'>;
  try {
    const out = await body();
    result = { content: [{ type: 'text', text: out.text }], structuredContent: out.structured };
    audit = { outcome: 'ok', ...(out.summary && { result: out.summary }) };
  } catch (error) {
    const { code, message } = describe(error);
    if (!(error instanceof McpToolError || error instanceof CliError) && !isDeskwireClientError(error)) {
      ctx.log(
        `deskwire mcp: ${tool} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    result = { content: [{ type: 'text', text: `${code}: ${message}` }], isError: true };
    audit = { outcome: code === 'REFUSED' ? 'refused' : 'error', error: { code, message } };
  }
  if (AUDITED_TOOLS.has(tool)) await recordCall(ctx, tool, args, audit, result);
  return result;
}

/** Appends one audit line; if the file cannot be written, says so in the result and on stderr. */
export async function recordCall(
  ctx: McpContext,
  tool: ToolName,
  args: unknown,
  audit: Pick<import('./audit-log.js').AuditEntry, 'outcome' | 'result' | 'error'>,
  result: CallToolResult,
): Promise<void> {
  try {
    await ctx.audit.append({
      time: new Date().toISOString(),
      profile: ctx.profile,
      vendor: ctx.vendor,
      tool,
      arguments: args ?? {},
      ...audit,
    });
  } catch (error) {
    // The call already happened: say so rather than hide it, and tell the operator.
    ctx.log(`deskwire mcp: cannot write the audit file ${ctx.audit.path}: ${(error as Error).message}`);
    result.content.push({ type: 'text', text: 'Warning: this call could not be written to the audit file.' });
  }
}

/** The code and message an agent sees. For a vendor error: its code, message and the vendor's own text. */
export function describe(error: unknown): { code: string; message: string } {
  if (isDeskwireClientError(error)) {
    const vendor =
      error.vendorMessage && !error.message.includes(error.vendorMessage)
        ? ` Vendor message: ${error.vendorMessage}`
        : '';
    return { code: error.code, message: `${error.message}${vendor}` };
  }
  if (error instanceof McpToolError || error instanceof CliError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
