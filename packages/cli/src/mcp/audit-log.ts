import { chmod, mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { configDir } from '../profiles/profiles.js';

/** The audit file when `--audit-file` is not given: beside the profiles, in the CLI's config dir. */
export function defaultAuditFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'mcp-audit.jsonl');
}

/** One line of the audit file (docs/mcp.md, "Audit file"). */
export interface AuditEntry {
  /** ISO 8601, when the call ended. */
  time: string;
  /** The profile the server was started with; null when the connection came from flags/environment. */
  profile: string | null;
  vendor: string;
  tool: string;
  /** The tool's arguments as the agent sent them (they never hold a credential: none is an argument). */
  arguments: unknown;
  outcome: 'ok' | 'error' | 'refused';
  /** On success: what was done (a ticket id, a file name). */
  result?: Record<string, unknown>;
  /** On error: the SDK error code (or `REFUSED`) and message. */
  error?: { code: string; message: string };
}

export interface AuditLog {
  readonly path: string;
  append(entry: AuditEntry): Promise<void>;
}

/**
 * Opens (creating it with mode 0600, in a directory created 0700) the JSON-lines audit file. Each
 * entry is one `appendFile`-style write to a file opened with O_APPEND, so concurrent servers sharing
 * the file never interleave within a line. Opened at start-up: a file that cannot be written stops
 * the server before any write tool can run unaudited.
 */
export async function openAuditLog(path: string): Promise<AuditLog> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, 'a', 0o600);
  await handle.close();
  // An existing file keeps its old mode on open: narrow it, the arguments may quote customers.
  await chmod(path, 0o600);
  let queue = Promise.resolve();
  return {
    path,
    append(entry) {
      const line = `${JSON.stringify(entry)}\n`;
      const write = queue.then(async () => {
        const file = await open(path, 'a', 0o600);
        try {
          await file.write(line);
        } finally {
          await file.close();
        }
      });
      queue = write.catch(() => {});
      return write;
    },
  };
}
