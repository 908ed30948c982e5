/**
 * The threading decision (docs/email.md "Threading"), free of storage and SMTP: which ticket an
 * inbound message belongs to, tried in this order:
 * 1. our own signed Message-IDs in `In-Reply-To`/`References` (they cannot be forged);
 * 2. Message-IDs of messages stored earlier (in or out);
 * 3. the `[#143]` subject token, only when the sender is a participant of #143 (requester or Cc), so
 *    a stranger cannot inject mail into someone else's ticket by typing a number;
 * 4. otherwise a new ticket.
 */

export interface ThreadCandidate {
  ticketId: string;
  number: number;
  status: string | null;
}

export interface ThreadLookups {
  /** The tenant and ticket number of one of our signed ids, or `undefined` (not ours, or forged). */
  verifySigned(messageId: string): { orgId: number; ticketNumber: number } | undefined;
  ticketByNumber(number: number): Promise<ThreadCandidate | undefined>;
  /** Tickets of stored messages with these ids, keyed by Message-ID. */
  ticketsByMessageId(messageIds: readonly string[]): Promise<Map<string, ThreadCandidate>>;
  /** Lower-cased addresses of the ticket's requester and Cc. */
  participants(ticket: ThreadCandidate): Promise<ReadonlySet<string>>;
}

export interface ThreadInput {
  orgId: number;
  /** `In-Reply-To`, then `References` newest first. */
  referenced: readonly string[];
  subject: string;
  /** Lower-cased sender address. */
  sender: string;
}

export type ThreadDecision =
  | { kind: 'existing'; ticket: ThreadCandidate; via: 'signed' | 'stored' | 'subject' }
  | { kind: 'new'; rejectedToken?: number };

export async function decideThread(input: ThreadInput, lookups: ThreadLookups): Promise<ThreadDecision> {
  for (const id of input.referenced) {
    const signed = lookups.verifySigned(id);
    if (!signed || signed.orgId !== input.orgId) continue;
    const ticket = await lookups.ticketByNumber(signed.ticketNumber);
    if (ticket) return { kind: 'existing', ticket, via: 'signed' };
  }
  if (input.referenced.length > 0) {
    const stored = await lookups.ticketsByMessageId(input.referenced);
    for (const id of input.referenced) {
      const ticket = stored.get(id);
      if (ticket) return { kind: 'existing', ticket, via: 'stored' };
    }
  }
  const token = subjectToken(input.subject);
  if (token !== undefined) {
    const ticket = await lookups.ticketByNumber(token);
    if (ticket && (await lookups.participants(ticket)).has(input.sender)) {
      return { kind: 'existing', ticket, via: 'subject' };
    }
    return { kind: 'new', rejectedToken: token };
  }
  return { kind: 'new' };
}

/** The ticket number of a `[#143]` token in a subject (the last one: forwards prepend theirs). */
export function subjectToken(subject: string): number | undefined {
  const tokens = [...subject.matchAll(/\[#(\d{1,12})\]/g)];
  const last = tokens.at(-1)?.[1];
  return last === undefined ? undefined : Number(last);
}

/** Statuses after which a customer's reply is a reopening, not a continuation. */
const DONE_STATUSES = new Set(['resolved', 'closed']);

/** What a reply to a done ticket does under the tenant's rule: reopen it (default) or start a new one. */
export function replyToDoneTicket(
  status: string | null,
  rule: 'reopen' | 'new-ticket',
): 'continue' | 'reopen' | 'new-ticket' {
  if (status === null || !DONE_STATUSES.has(status.toLowerCase())) return 'continue';
  return rule;
}
