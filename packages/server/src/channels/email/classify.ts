import type { ParsedEmail } from './parse.js';

/** What an inbound message is, for the loop rules: only a `message` may open or join a ticket. */
export type InboundClass = 'message' | 'auto' | 'bounce';

const BULK_PRECEDENCE = new Set(['bulk', 'auto_reply', 'list', 'junk']);
const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail-daemon)@/i;

/**
 * Sorts out mail that must never be answered or open a ticket (docs/email.md "Loops and noise"):
 * delivery status notifications (RFC 3464 `multipart/report; report-type=delivery-status`, or a
 * MAILER-DAEMON sender), and automatic mail (RFC 3834 `Auto-Submitted` other than `no`,
 * `Precedence: bulk/auto_reply/list/junk`, the `X-Autoreply`/`X-Autorespond` headers of common responders).
 * `envelopeFrom` is SMTP's `MAIL FROM` (`''` for the null sender `<>` that DSNs use); unknown for IMAP.
 */
export function classifyInbound(email: ParsedEmail, envelopeFrom?: string): InboundClass {
  const contentType = email.contentType;
  if (
    contentType.startsWith('multipart/report') &&
    /report-type="?(delivery-status|disposition-notification)/.test(contentType)
  ) {
    return 'bounce';
  }
  if (email.from && DAEMON_SENDER.test(email.from.address)) return 'bounce';
  if (envelopeFrom === '' && /delivery status|undeliver|returned mail|failure notice/i.test(email.subject)) {
    return 'bounce';
  }
  const autoSubmitted = email.headers.get('auto-submitted')?.toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]?.trim() !== 'no') return 'auto';
  const precedence = email.headers.get('precedence')?.toLowerCase().trim();
  if (precedence !== undefined && BULK_PRECEDENCE.has(precedence)) return 'auto';
  if (email.headers.has('x-autoreply') || email.headers.has('x-autorespond')) return 'auto';
  if (envelopeFrom === '') return 'auto';
  return 'message';
}

/** Every `<…@…>` token of a raw message: a bounce quotes the Message-ID of what bounced somewhere in it. */
export function quotedMessageIds(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  return [...new Set([...text.matchAll(/<([^<>\s"]{3,250}@[^<>\s"]{1,250})>/g)].map((m) => m[1] ?? ''))];
}
