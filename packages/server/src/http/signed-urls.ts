import type { FastifyRequest } from 'fastify';
import type { Attachment } from '../core/domain.js';
import type { Deskwire } from '../deskwire.js';
import { downloadPath } from './download-route.js';
import { presignAttachments } from './presign-attachments.js';
import type { ResolvedServerOptions } from './server-options.js';

/** A download URL for one attachment of the current response. */
export type SignAttachment = (attachment: Attachment) => string;

/** The signed-URL context of one request: its base URL, and a signer for the attachments it returns. */
export interface SignedUrls {
  /** Base of absolute URLs (the request's scheme and host, or `--public-url`). */
  baseUrl(request: FastifyRequest): string;
  /**
   * A signer for these attachments at the current expiry: the blob store's own pre-signed URL when it
   * has one (S3, as the vendors), else a Deskwire-signed `/files` URL. Signing may be asynchronous
   * while the wire encoders are not, so routes resolve the signer first and encode after.
   */
  signerFor(request: FastifyRequest, attachments: Iterable<Attachment>): Promise<SignAttachment>;
  /**
   * Until when (ms since the epoch) URLs signed at `signedAt` read the same as URLs signed now: Deskwire's
   * own signatures carry their expiry in whole seconds, so a cached answer holding them is exact until
   * that second turns. `undefined` when the blob store pre-signs (its URLs follow its own clock).
   */
  sameUrlsUntil(signedAt: number): number | undefined;
}

export function signedUrls(deskwire: Deskwire, options: ResolvedServerOptions): SignedUrls {
  const baseUrl = (request: FastifyRequest) => options.publicUrl ?? `${request.protocol}://${request.host}`;
  return {
    baseUrl,
    signerFor: async (request, attachments) => {
      const base = baseUrl(request);
      const expiresAt = new Date(deskwire.now().getTime() + options.downloadUrlTtlSeconds * 1000);
      const presigned = await presignAttachments(deskwire.blobs, attachments, options.downloadUrlTtlSeconds);
      return (attachment) => {
        const url = presigned.get(attachment.id);
        if (url !== undefined) return url;
        const path = downloadPath(attachment.id, attachment.fileName);
        return `${base}${path}?${deskwire.signer.sign(path, expiresAt)}`;
      };
    },
    sameUrlsUntil: (signedAt) => {
      if (deskwire.blobs.presign) return undefined;
      const ttlMs = options.downloadUrlTtlSeconds * 1000;
      return (Math.floor((signedAt + ttlMs) / 1000) + 1) * 1000 - ttlMs;
    },
  };
}
