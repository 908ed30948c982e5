import { createScrubber } from '../core/redact.js';
import type { Credential } from '../core/request.js';

/** The key pair's closure: what the client keeps instead of the keys themselves. */
export interface LsqAuth {
  readonly credential: Credential;
  /** Replaces either key wherever it appears in a text (a body echoing a key, say). */
  readonly scrub: (text: string) => string;
}

/**
 * Holds the key pair in a closure: `X-LSQ-ACCESS-KEY` and `X-LSQ-SECRET-KEY` on every call
 * (vendor-apis.md §1.0; not the Sales CRM names). Nothing returned exposes the keys.
 */
export function createLsqAuth(accessKey: string, secretKey: string): LsqAuth {
  if (typeof accessKey !== 'string' || accessKey === '' || typeof secretKey !== 'string' || secretKey === '') {
    throw new TypeError('LeadSquaredClient needs accessKey and secretKey');
  }
  return Object.freeze({
    credential: Object.freeze({
      id: 'lsq',
      apply: (headers: Headers) => {
        headers.set('x-lsq-access-key', accessKey);
        headers.set('x-lsq-secret-key', secretKey);
      },
    }),
    scrub: createScrubber([accessKey, secretKey]),
  });
}
