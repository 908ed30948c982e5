import { CliError, EXIT } from '../cli-error.js';
import type { VendorName } from '../profiles/profiles.js';
import { DESKWIRE_ONLY_TOOLS, isToolName, TOOL_NAMES, type ToolName, VENDOR_WRITE_TOOLS } from './tool-names.js';

export interface ToolPolicyFlags {
  allowWrites: boolean;
  /** `--tools a,b,c`: offer only these. */
  tools: readonly string[] | undefined;
  downloadDir: string | null;
  /** The connection's vendor: `reply_to_customer` needs LeadSquared keys to a Deskwire server. */
  vendor: VendorName;
}

export interface ToolPolicy {
  enabled: ReadonlySet<ToolName>;
  refusals: ReadonlyMap<ToolName, string>;
}

/**
 * Which tools the server offers, and why each other one is refused. Read-only by default: vendor
 * writes need `--allow-writes`, downloads need `--download-dir`. An allowlist naming an unknown tool,
 * or a tool the other flags keep off, is a usage error: the operator asked for something they would
 * not get.
 */
export function toolPolicy(flags: ToolPolicyFlags): ToolPolicy {
  const unknown = (flags.tools ?? []).filter((name) => !isToolName(name));
  if (unknown.length > 0) {
    throw new CliError('USAGE', `unknown tool ${unknown.join(', ')} (tools: ${TOOL_NAMES.join(', ')})`, EXIT.usage);
  }
  const allow = flags.tools === undefined ? null : new Set(flags.tools);
  const enabled = new Set<ToolName>();
  const refusals = new Map<ToolName, string>();
  for (const name of TOOL_NAMES) {
    const listed = allow === null || allow.has(name);
    let reason: string | null = null;
    let flag = name === 'download_attachment' ? '--download-dir' : '--allow-writes';
    if (DESKWIRE_ONLY_TOOLS.has(name) && flags.vendor !== 'leadsquared') {
      reason = `${name} needs a LeadSquared connection to a Deskwire server (the vendors have no reply endpoint).`;
      flag = 'a LeadSquared connection';
    } else if (VENDOR_WRITE_TOOLS.has(name) && !flags.allowWrites) {
      reason = `${name} changes tickets and this server is read-only: the operator must restart deskwire mcp with --allow-writes to offer it.`;
    } else if (name === 'download_attachment' && flags.downloadDir === null) {
      reason = `${name} is off: the operator must restart deskwire mcp with --download-dir DIR (the folder files may be written to).`;
    } else if (!listed) {
      reason = `${name} is not offered by this server (its --tools allowlist leaves it out).`;
    }
    if (reason !== null && allow?.has(name)) {
      throw new CliError('USAGE', `--tools names ${name}, which needs ${flag}`, EXIT.usage);
    }
    if (reason === null) enabled.add(name);
    else refusals.set(name, reason);
  }
  return { enabled, refusals };
}
