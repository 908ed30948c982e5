import type { FastifyRequest } from 'fastify';
import { presignAttachments } from '../../blobs/presign-attachments.js';
import type { Attachment } from '../../core/domain.js';
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
  /**
   * A `ContentPath` signer for this request's base URL and the current expiry: the blob store's own
   * pre-signed URL when it has one (S3, as the vendor), else a Deskwire-signed `/files` URL.
   */
  signerFor: (request: FastifyRequest, attachments: Iterable<Attachment>) => Promise<ContentPathSigner>;
}

export function lsqRouteContext(deskwire: Deskwire, options: ResolvedServerOptions): LsqRouteContext {
  return {
    deskwire,
    options,
    ttlMinutes: Math.max(1, Math.round(options.downloadUrlTtlSeconds / 60)),
    signerFor: async (request, attachments) => {
      const base = options.publicUrl ?? `${request.protocol}://${request.host}`;
      const expiresAt = new Date(deskwire.now().getTime() + options.downloadUrlTtlSeconds * 1000);
      const presigned = await presignAttachments(deskwire.blobs, attachments, options.downloadUrlTtlSeconds);
      return (attachment) => {
        const url = presigned.get(attachment.id);
        if (url !== undefined) return url;
        const path = downloadPath(attachment.id, attachment.fileName);
        return `${base}${path}?${deskwire.signer.sign(path, expiresAt)}`;
      };
    },
  };
}
