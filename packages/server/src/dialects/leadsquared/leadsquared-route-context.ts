import type { Deskwire } from '../../deskwire.js';
import type { ResolvedServerOptions } from '../../http/server-options.js';
import { type SignedUrls, signedUrls } from '../../http/signed-urls.js';

/** What every LeadSquared route group needs. */
export interface LsqRouteContext extends SignedUrls {
  deskwire: Deskwire;
  options: ResolvedServerOptions;
  /** `Ttl` of attachments: the signed URL's lifetime in minutes. */
  ttlMinutes: number;
}

export function lsqRouteContext(deskwire: Deskwire, options: ResolvedServerOptions): LsqRouteContext {
  return {
    ...signedUrls(deskwire, options),
    deskwire,
    options,
    ttlMinutes: Math.max(1, Math.round(options.downloadUrlTtlSeconds / 60)),
  };
}
