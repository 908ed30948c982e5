/**
 * The tools `deskwire mcp` offers, and which of them write. Read tools are always listed; write tools
 * (they change the vendor's tickets; `reply_to_customer` emails the customer) only with `--allow-writes`; `download_attachment` writes local
 * files only, so it needs `--download-dir` instead (docs/mcp.md, "Safety").
 */
export const TOOL_NAMES = [
  'get_ticket',
  'get_tickets',
  'search_tickets',
  'list_conversations',
  'add_internal_note',
  'create_ticket',
  'update_ticket',
  'download_attachment',
  'reply_to_customer',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];

/** Tools that change the vendor's state (`reply_to_customer` also emails the customer). */
export const VENDOR_WRITE_TOOLS: ReadonlySet<ToolName> = new Set([
  'add_internal_note',
  'create_ticket',
  'update_ticket',
  'reply_to_customer',
]);

/** Tools that need a LeadSquared connection to a Deskwire server: the vendors have no such endpoint. */
export const DESKWIRE_ONLY_TOOLS: ReadonlySet<ToolName> = new Set(['reply_to_customer']);

/** Tools whose every call goes to the audit file: the vendor writes, and the local file write. */
export const AUDITED_TOOLS: ReadonlySet<ToolName> = new Set([...VENDOR_WRITE_TOOLS, 'download_attachment']);

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}
