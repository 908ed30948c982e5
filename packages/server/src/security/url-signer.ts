import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

/**
 * Signs download paths the way object stores sign their URLs: an HMAC-SHA256 over the path and the
 * expiry, so neither can be altered. The vendor hands out pre-signed S3 URLs with `X-Amz-Expires`
 * (shared/seeds/leadsquared-get-ticket-conversations.txt, `ContentPath`).
 */
export class UrlSigner {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('URL signing key must be at least 32 bytes');
    this.#key = key;
  }

  /** Returns the query string (`expires=…&signature=…`) that authorises `path` until `expiresAt`. */
  sign(path: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `expires=${expires}&signature=${this.#mac(path, expires)}`;
  }

  verify(path: string, expires: string | undefined, signature: string | undefined, now: Date): SignatureCheck {
    if (!expires || !signature || !/^[0-9]{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) {
      return 'invalid';
    }
    const expected = Buffer.from(this.#mac(path, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
    return Number(expires) * 1000 < now.getTime() ? 'expired' : 'valid';
  }

  #mac(path: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`${path}\n${expires}`).digest('hex');
  }
}
