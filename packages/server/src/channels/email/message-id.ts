import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Deskwire's own Message-IDs: `dw.<orgId>.<ticketNumber>.<nonce>.<mac>@<domain>`, the mac an HMAC-SHA256
 * (truncated to 80 bits) over the first four parts with the data set's email key. A reply that
 * references one is threaded to that ticket with certainty; one that was forged (or altered) fails the
 * check and falls through to the weaker rules (docs/email.md "Threading").
 */
export class MessageIdSigner {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  /** A fresh signed id (without angle brackets). */
  create(orgId: number, ticketNumber: number, domain: string): string {
    const nonce = randomBytes(9).toString('base64url');
    const body = `dw.${orgId}.${ticketNumber}.${nonce}`;
    return `${body}.${this.#mac(body)}@${domain}`;
  }

  /** The tenant and ticket a signed id names, or `undefined` when it is not ours or does not verify. */
  verify(messageId: string): { orgId: number; ticketNumber: number } | undefined {
    const match = /^(dw\.(\d{1,15})\.(\d{1,15})\.[A-Za-z0-9_-]{12})\.([0-9a-f]{20})@[^@\s]+$/.exec(messageId);
    if (!match) return undefined;
    const [, body = '', org = '', ticket = '', mac = ''] = match;
    const expected = Buffer.from(this.#mac(body));
    if (!timingSafeEqual(expected, Buffer.from(mac))) return undefined;
    return { orgId: Number(org), ticketNumber: Number(ticket) };
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('hex').slice(0, 20);
  }
}

/** Name of the setting that holds the key (one per data set, so every instance signs alike). */
export const EMAIL_SIGNING_KEY_SETTING = 'email_signing_key';
