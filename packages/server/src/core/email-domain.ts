/** The email channel's domain (channels/email/, docs/email.md): messages in and out, and a tenant's settings. */

/** What happened to a message: a customer's mail, an auto-reply or bulk mail, a bounce, or our reply. */
export type EmailKind = 'message' | 'auto' | 'bounce' | 'reply';

/** Outbound delivery state; `null` for inbound mail. */
export type SendState = 'queued' | 'sent' | 'failed';

export interface EmailMessageRecord {
  id: string;
  orgId: number;
  direction: 'inbound' | 'outbound';
  kind: EmailKind;
  /** `null` for mail recorded without a ticket (auto-replies, bounces). */
  ticketId: string | null;
  activityId: number | null;
  /** Without angle brackets, as written; `''` when the message had none. */
  messageId: string;
  /** SHA-256 of the message body (headers a relay adds left out), the second half of the dedupe key. */
  contentHash: string;
  /** The raw `.eml` in the blob store (audit, re-processing, re-sending). */
  rawSha256: string;
  fromAddress: string;
  recipients: string[];
  subject: string;
  createdAt: Date;
  sendState: SendState | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

/** What a tenant chose for its email: reply relay and From, and what a reply to a closed ticket does. */
export interface EmailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; `null`: replies stay queued until one is set. */
  relayUrl: string | null;
  /** From address of replies; default the tenant's first mailbox. */
  fromAddress: string | null;
  /** `reopen` (default): a reply to a Resolved/Closed ticket sets it back to Open; `new-ticket`: opens a new one. */
  reopenRule: 'reopen' | 'new-ticket';
  /** DKIM signing of replies, when set. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  /** A mailbox elsewhere (Gmail, Microsoft 365, …) that Deskwire polls instead of (or besides) SMTP. */
  imap: ImapSource | null;
}

/** `imaps://user:password@imap.example.com:993/INBOX`; processed messages get a keyword or are moved. */
export interface ImapSource {
  url: string;
  /** `flag` (default): keyword `$Deskwire` on each stored message; `move`: into `moveTo`. */
  processed: 'flag' | 'move';
  moveTo: string | null;
}

export const DEFAULT_EMAIL_SETTINGS: Readonly<EmailSettings> = Object.freeze({
  relayUrl: null,
  fromAddress: null,
  reopenRule: 'reopen',
  dkim: null,
  imap: null,
});
