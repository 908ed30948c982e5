import type { DeskwireClient, TicketClient, Vendor } from '@deskwire/client';
import type { Connection } from '../profiles/profiles.js';
import type { AuditLog } from './audit-log.js';
import type { ToolName } from './tool-names.js';

/** What every tool, the resource and the prompt share: one client (one rate limiter) per process. */
export interface McpContext {
  tickets: TicketClient;
  vendor: Vendor;
  /** Deskwire's own API over the same key pair (LeadSquared connections): search_tickets. */
  desk?: DeskwireClient;
  /** The resolved connection (host, keys), for tools that call the Deskwire server directly (reply_to_customer). */
  connection?: Connection;
  /** The profile the connection came from, for the audit file. */
  profile: string | null;
  /** The tools listed and callable. */
  enabled: ReadonlySet<ToolName>;
  /** Why each known tool that is not enabled is refused (said to an agent that calls it anyway). */
  refusals: ReadonlyMap<ToolName, string>;
  /** Where download_attachment may write (an absolute path); null: it is refused. */
  downloadDir: string | null;
  audit: AuditLog;
  /** Diagnostics: stderr, never stdout (the protocol channel in stdio mode). */
  log: (line: string) => void;
}

/** A refusal or bad argument found by a tool itself, before or instead of a vendor call. */
export class McpToolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'McpToolError';
    this.code = code;
  }
}
