import type { Connection } from '../profiles/profiles.js';

/** The body of `POST /api/v1/tenants/{orgId}/tickets/{ref}/replies` (docs/email.md, "Replying"). */
export interface ReplyRequest {
  text?: string;
  html?: string;
  internal?: boolean;
}

/** What the server answered: the status and the parsed JSON body (`{}` when it sent none). */
export interface ReplyAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Why a connection cannot post replies, or null when it can (a LeadSquared key pair to a Deskwire server). */
export function replyConnectionProblem(c: Pick<Connection, 'vendor' | 'orgId' | 'accessKey' | 'secretKey'>) {
  if (c.vendor !== 'leadsquared' || c.orgId === undefined || !c.accessKey || !c.secretKey) {
    return 'replies need a LeadSquared connection to a Deskwire server (org id and keys): the vendors have no reply endpoint';
  }
  return null;
}

/**
 * Posts an agent's reply to a Deskwire server's replies endpoint with the connection's key pair. Used
 * by `deskwire ticket reply` and the MCP tool `reply_to_customer`. Throws on a network failure only;
 * the caller reads the status (201 on success).
 */
export async function postReply(c: Connection, ticketId: string, request: ReplyRequest): Promise<ReplyAnswer> {
  const url = `${c.host.replace(/\/+$/, '')}/api/v1/tenants/${c.orgId}/tickets/${encodeURIComponent(ticketId)}/replies`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lsq-access-key': c.accessKey ?? '',
      'x-lsq-secret-key': c.secretKey ?? '',
    },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, body };
}
