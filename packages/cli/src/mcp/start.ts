import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DeskwireClient } from '@deskwire/client';
import type { Connected } from '../profiles/connect.js';
import { defaultAuditFile, openAuditLog } from './audit-log.js';
import type { McpContext } from './context.js';
import { toolPolicy } from './tool-policy.js';

export interface McpFlags {
  allowWrites?: boolean;
  tools?: string[];
  downloadDir?: string;
  auditFile?: string;
}

/**
 * The shared context of a server: the policy from the flags (checked first: a usage error costs no
 * file), the download folder (created), the audit file (opened, so an unwritable one stops start-up).
 */
export async function mcpContext(connected: Connected, flags: McpFlags): Promise<McpContext> {
  const downloadDir = flags.downloadDir === undefined ? null : resolve(flags.downloadDir);
  const policy = toolPolicy({
    allowWrites: flags.allowWrites === true,
    tools: flags.tools,
    downloadDir,
    vendor: connected.connection.vendor,
  });
  if (downloadDir !== null) await mkdir(downloadDir, { recursive: true, mode: 0o700 });
  const audit = await openAuditLog(resolve(flags.auditFile ?? defaultAuditFile()));
  const c = connected.connection;
  const desk =
    c.vendor === 'leadsquared' && c.orgId !== undefined && c.accessKey && c.secretKey
      ? new DeskwireClient({
          host: c.host,
          orgId: c.orgId,
          accessKey: c.accessKey,
          secretKey: c.secretKey,
          ...(c.rate && { rateLimit: c.rate }),
        })
      : undefined;
  return {
    tickets: connected.tickets,
    ...(desk && { desk }),
    vendor: connected.connection.vendor,
    connection: connected.connection,
    profile: connected.connection.profile,
    enabled: policy.enabled,
    refusals: policy.refusals,
    downloadDir,
    audit,
    log: (line) => process.stderr.write(`${line}\n`),
  };
}
