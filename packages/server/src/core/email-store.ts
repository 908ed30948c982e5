import type { EmailMessageRecord, EmailSettings, SendState } from './email-domain.js';

/** The email channel's rows: inbound addresses, tenant settings, and messages in and out (send jobs). */
export interface EmailStore {
  /** False when the address already belongs to a tenant (this one or another). */
  addMailbox(orgId: number, address: string, now: Date): Promise<boolean>;
  removeMailbox(orgId: number, address: string): Promise<boolean>;
  /** The tenant an inbound address belongs to. */
  mailboxOwner(address: string): Promise<number | undefined>;
  listMailboxes(orgId: number): Promise<string[]>;
  getSettings(orgId: number): Promise<EmailSettings>;
  /** Every tenant's settings that name an IMAP source (what the pollers start from). */
  imapSources(): Promise<Array<{ orgId: number; settings: EmailSettings }>>;
  putSettings(orgId: number, settings: EmailSettings, now: Date): Promise<void>;
  /** The stored copy of a message (dedupe), if it was seen before. */
  findDuplicate(orgId: number, messageId: string, contentHash: string): Promise<EmailMessageRecord | undefined>;
  /** Stored messages (in or out) with any of these Message-IDs that belong to a ticket. */
  findByMessageIds(orgId: number, messageIds: readonly string[]): Promise<EmailMessageRecord[]>;
  findById(id: string): Promise<EmailMessageRecord | undefined>;
  /** A ticket's messages, oldest first. */
  listForTicket(ticketId: string): Promise<EmailMessageRecord[]>;
  insert(record: EmailMessageRecord): Promise<void>;
  /** Ids of queued replies due by `now`, oldest first. */
  dueReplies(now: Date, limit: number): Promise<string[]>;
  /**
   * Takes a due reply until `leaseUntil` (compare-and-set on its due time, so one sender of several
   * instances wins); a sender that dies holding it lets the lease run out, and the reply is sent again.
   */
  claim(id: string, now: Date, leaseUntil: Date): Promise<EmailMessageRecord | undefined>;
  recordOutcome(
    id: string,
    outcome: { state: SendState; at: Date; error: string | null; nextAttemptAt: Date | null },
  ): Promise<void>;
  /** A bounce of our own reply: the reply is marked failed (whatever its state), with the reason. */
  markBounced(orgId: number, messageId: string, reason: string): Promise<boolean>;
}
