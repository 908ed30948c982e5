import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
import { createScrubber } from '../core/redact.js';
import type { Credential } from '../core/request.js';

/** Kapture's Auth Keys: one for every API, or one per API (`tokens` wins over `token`). */
export interface KaptureTokens {
  token?: string;
  tokens?: Partial<Record<KapTokenApi, string>>;
}

export interface KaptureAuth {
  /** The credential of an API, or `undefined` when no token was given for it. */
  credentialFor(api: KapTokenApi): Credential | undefined;
  readonly scrub: (text: string) => string;
}

/**
 * Holds the tokens in a closure. Each is sent as issued, `Authorization: Basic <token>` (not
 * base64-encoded again), plus `x-api-key: <token>` and `x-api-type: TICKET`, which some deployments
 * need and all accept (vendor-apis.md §2.0; nammayatri/shared-kernel). One credential id per
 * *distinct* token, so two APIs sharing a token share one rate-limit budget.
 */
export function createKaptureAuth(options: KaptureTokens & { apiKeyHeaders: boolean }): KaptureAuth {
  const byApi = new Map<KapTokenApi, string>();
  for (const api of KAP_TOKEN_APIS) {
    const token = options.tokens?.[api] ?? options.token;
    if (token !== undefined) {
      if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
        throw new TypeError(`KaptureClient: the ${api} token must be a non-empty single-line string`);
      }
      byApi.set(api, token);
    }
  }
  if (byApi.size === 0) throw new TypeError('KaptureClient needs `token` or `tokens`');
  const distinct = [...new Set(byApi.values())];
  const credentials = new Map<KapTokenApi, Credential>();
  for (const [api, token] of byApi) {
    const index = distinct.indexOf(token);
    credentials.set(
      api,
      Object.freeze({
        id: `kapture:${index}`,
        apply: (headers: Headers) => {
          headers.set('authorization', `Basic ${token}`);
          if (options.apiKeyHeaders) {
            headers.set('x-api-key', token);
            headers.set('x-api-type', 'TICKET');
          }
        },
      }),
    );
  }
  return Object.freeze({
    credentialFor: (api: KapTokenApi) => credentials.get(api),
    scrub: createScrubber(distinct),
  });
}
