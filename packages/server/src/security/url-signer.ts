import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'expired' | 'invalid' | 'too-far';

/** The query parameters of a signed URL, as received (any may be missing). */
export interface SignedQuery {
  expires?: string | undefined;
  /** Which key signed it; absent on links from before key ids (then the current key). */
  kid?: string | undefined;
  signature?: string | undefined;
}

/** Shortest signing key: 256 bits, HMAC-SHA256's block of security. */
export const MIN_SIGNING_KEY_BYTES = 32;

/**
 * Signs download paths the way object stores sign their URLs: an HMAC-SHA256 over the path and the
 * expiry, so neither can be altered. The vendor hands out pre-signed S3 URLs with `X-Amz-Expires`
 * (https://apidocs.leadsquared.com/get-ticket-conversations/, `ContentPath`).
 *
 * Rotation: URLs carry the id of the key that signed them (`kid`, derived from the key, not secret); new URLs
 * are signed with the current key, and URLs of the previous keys verify until they expire.
 */
export class UrlSigner {
  readonly #current: { id: string; key: Buffer };
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length < MIN_SIGNING_KEY_BYTES) {
        throw new Error(`URL signing key must be at least ${MIN_SIGNING_KEY_BYTES} bytes`);
      }
    }
    this.#current = { id: signingKeyId(current), key: current };
    this.#keys = new Map([...previous, current].map((key) => [signingKeyId(key), key]));
  }

  /** The id of the key new URLs are signed with. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Returns the query string (`expires=…&kid=…&signature=…`) that authorises `path` until `expiresAt`. */
  sign(path: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `expires=${expires}&kid=${this.#current.id}&signature=${mac(this.#current.key, path, expires)}`;
  }

  /**
   * `valid`, or why not: `invalid` (altered, or signed by no key held), `expired`, or `too-far` (an expiry
   * later than `latestExpiry`: a key, leaked or not, cannot mint a link that outlives the configured lifetime).
   */
  verify(path: string, query: SignedQuery, now: Date, latestExpiry: Date): SignatureCheck {
    const { expires, signature } = query;
    if (!expires || !signature || !/^[0-9]{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) {
      return 'invalid';
    }
    const key = query.kid === undefined ? this.#current.key : this.#keys.get(query.kid);
    if (!key) return 'invalid';
    const expected = Buffer.from(mac(key, path, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'invalid';
    if (Number(expires) * 1000 < now.getTime()) return 'expired';
    return Number(expires) * 1000 > latestExpiry.getTime() ? 'too-far' : 'valid';
  }
}

/** A key's public id: 8 hex digits of a hash of it, which tells nothing about the key. */
export function signingKeyId(key: Buffer): string {
  return createHash('sha256').update('deskwire-url-signing-key-id\n').update(key).digest('hex').slice(0, 8);
}

function mac(key: Buffer, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('hex');
}
