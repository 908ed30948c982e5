import type { FastifyRequest } from 'fastify';
import type { Deskwire } from '../../deskwire.js';
import type { ResolvedServerOptions } from '../../http/build-app.js';
import { downloadPath } from '../../http/download-route.js';
import type { ContentPathSigner } from './leadsquared-mapper.js';

/** What every LeadSquared route group needs. */
export interface LsqRouteContext {
  deskwire: Deskwire;
  options: ResolvedServerOptions;
  /** `Ttl` of attachments: the signed URL's lifetime in minutes. */
  ttlMinutes: number;
  /** A `ContentPath` signer for this request's base URL and the current expiry. */
  signerFor: (request: FastifyRequest) => ContentPathSigner;
}

export function lsqRouteContext(deskwire: Deskwire, options: ResolvedServerOptions): LsqRouteContext {
  return {
    deskwire,
    options,
    ttlMinutes: Math.max(1, Math.round(options.downloadUrlTtlSeconds / 60)),
    signerFor: (request) => {
      const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
      const expiresAt = new Date(deskwire.now().getTime() + options.downloadUrlTtlSeconds * 1000);
      return (attachment) => {
        const path = downloadPath(attachment.id, attachment.fileName);
        return `${base}${path}?${deskwire.signer.sign(path, expiresAt)}`;
      };
    },
  };
}
