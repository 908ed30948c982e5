import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';

/** One file of a message, with its bytes. */
export interface ParsedAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  /** Inline image referenced from the HTML (`cid:`). */
  inline: boolean;
}

/** What the channel reads from a message: addresses, threading headers, bodies, files and loop signals. */
export interface ParsedEmail {
  /** Without angle brackets; `''` when the message has none. */
  messageId: string;
  /** `In-Reply-To` first, then `References` newest first: the order threading tries them in. */
  referenced: string[];
  subject: string;
  from: { address: string; name: string } | undefined;
  to: string[];
  cc: string[];
  /** As sent; `null` for a text-only message. */
  html: string | null;
  /** The plain text (derived from the HTML for an HTML-only message). */
  text: string;
  attachments: ParsedAttachment[];
  /** Lower-cased header names to their first raw value, for the loop and bounce checks. */
  headers: Map<string, string>;
  /** Content-Type of the message itself, with parameters, lower-cased. */
  contentType: string;
  /** Dedupe key, with the Message-ID: SHA-256 of From, Subject, Date and the body (what relays do not touch). */
  contentHash: string;
}

/** Parses a raw RFC 5322 message with mailparser. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, keepDeliveryStatus: true });
  const headers = new Map<string, string>();
  for (const line of mail.headerLines) {
    if (headers.has(line.key)) continue;
    const colon = line.line.indexOf(':');
    headers.set(line.key, line.line.slice(colon + 1).trim());
  }
  const from = mail.from?.value[0];
  return {
    messageId: stripBrackets(mail.messageId ?? ''),
    referenced: referencedIds(mail),
    subject: (mail.subject ?? '').trim(),
    from: from?.address ? { address: from.address.toLowerCase(), name: from.name ?? '' } : undefined,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    html: mail.html === false || mail.html === undefined ? null : mail.html,
    text: (mail.text ?? '').trim(),
    attachments: mail.attachments.map((a, i) => ({
      fileName: a.filename?.trim() || `attachment-${i + 1}${extensionOf(a.contentType)}`,
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
      inline: a.related === true || a.contentDisposition === 'inline',
    })),
    headers,
    contentType: (headers.get('content-type') ?? 'text/plain').toLowerCase(),
    contentHash: contentHash(raw, headers),
  };
}

function referencedIds(mail: ParsedMail): string[] {
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const ids = [...splitIds(mail.inReplyTo ?? ''), ...references.flatMap(splitIds).reverse()];
  return [...new Set(ids)];
}

/** `<a@b> <c@d>` (some clients join with commas or put several ids in one header) into bare ids. */
function splitIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
  if (bracketed.length > 0) return bracketed.filter(Boolean);
  return value.split(/[\s,]+/).filter((id) => id.includes('@'));
}

function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  const out: string[] = [];
  for (const object of objects) {
    for (const entry of object.value) {
      for (const member of entry.group ?? [entry]) {
        if (member.address) out.push(member.address.toLowerCase());
      }
    }
  }
  return [...new Set(out)];
}

function extensionOf(contentType: string): string {
  const sub = contentType.split('/')[1]?.split(/[;+]/)[0];
  return sub && /^[a-z0-9.-]{1,10}$/i.test(sub) ? `.${sub}` : '';
}

/**
 * Line endings are normalised (a file read from disk, SMTP's CRLF and an IMAP fetch of the same
 * message must hash alike), and so is trailing white space, which relays may pad or trim.
 */
function contentHash(raw: Buffer, headers: Map<string, string>): string {
  const text = raw.toString('latin1').replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const body = split >= 0 ? text.slice(split + 2) : '';
  const hash = createHash('sha256');
  for (const name of ['from', 'subject', 'date']) hash.update(`${name}:${headers.get(name) ?? ''}\n`);
  hash.update(body.replace(/[ \t]+$/gm, '').replace(/\n+$/, ''), 'latin1');
  return hash.digest('hex');
}
