import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingReply {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** Without angle brackets. */
  messageId: string;
  inReplyTo: string | undefined;
  /** Oldest first, without angle brackets. */
  references: readonly string[];
  html: string | undefined;
  text: string;
  date: Date;
}

/**
 * The reply as a complete RFC 5322 message (nodemailer's MailComposer). Built once and stored, so
 * every delivery attempt sends the same bytes with the same Message-ID (at-least-once without
 * duplicates at the receiver).
 */
export async function composeReply(reply: OutgoingReply): Promise<Buffer> {
  const composer = new MailComposer({
    from: reply.from,
    to: reply.to,
    ...(reply.cc.length > 0 && { cc: reply.cc }),
    subject: reply.subject,
    messageId: `<${reply.messageId}>`,
    ...(reply.inReplyTo !== undefined && { inReplyTo: `<${reply.inReplyTo}>` }),
    ...(reply.references.length > 0 && { references: reply.references.map((id) => `<${id}>`) }),
    text: reply.text,
    ...(reply.html !== undefined && { html: reply.html }),
    date: reply.date,
    headers: {
      // RFC 3834: agents' replies are not automatic, but an auto-responder must not answer them either.
      'X-Auto-Response-Suppress': 'All',
    },
  });
  return composer.compile().build();
}
