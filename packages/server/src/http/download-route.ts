import type { FastifyInstance } from 'fastify';
import { BlobNotFoundError } from '../blobs/blob-store.js';
import type { Deskwire } from '../deskwire.js';
import { ApiError } from '../errors/api-error.js';

/** Path prefix of signed attachment downloads (the role of the vendor's pre-signed S3 URLs). */
export const DOWNLOAD_PREFIX = '/files';

/** How far past now + TTL an expiry may lie: the clock difference tolerated between instances. */
export const CLOCK_SKEW_SECONDS = 60;

/** The path that a signed URL covers: attachment id and file name (the name makes saved files right). */
export function downloadPath(attachmentId: string, fileName: string): string {
  return `${DOWNLOAD_PREFIX}/${attachmentId}/${encodeURIComponent(fileName)}`;
}

/**
 * `GET /files/{attachmentId}/{fileName}?expires=…&kid=…&signature=…`: streams an attachment. No API keys:
 * the signature is the credential, as with the vendor's object-store links. An altered or expired
 * URL gets 403; a file of a trashed ticket 404, as if it never existed.
 */
export function registerDownloadRoute(app: FastifyInstance, deskwire: Deskwire, ttlSeconds: number): void {
  app.get<{
    Params: { id: string; name: string };
    Querystring: { expires?: string; kid?: string; signature?: string };
  }>(`${DOWNLOAD_PREFIX}/:id/:name`, async (request, reply) => {
    const { id, name } = request.params;
    const path = downloadPath(id, name);
    const now = deskwire.now();
    // No link outlives the configured lifetime, whoever signed it; the skew allows instances' clocks to differ.
    const latestExpiry = new Date(now.getTime() + (ttlSeconds + CLOCK_SKEW_SECONDS) * 1000);
    const check = deskwire.signer.verify(path, request.query, now, latestExpiry);
    if (check === 'invalid') throw new ApiError('InvalidSignature', 'The download URL signature is invalid');
    if (check === 'too-far') {
      throw new ApiError('InvalidSignature', 'The download URL expires later than any URL this server signs');
    }
    if (check === 'expired') {
      throw new ApiError('UrlExpired', 'The download URL has expired; fetch the conversation again for a fresh one');
    }
    const attachment = await deskwire.storage.activities.getLiveAttachment(id);
    if (!attachment || attachment.fileName !== name) throw new ApiError('NotFound', 'The file does not exist');
    const body = await deskwire.blobs.open(attachment.sha256).catch((error: unknown) => {
      if (!(error instanceof BlobNotFoundError)) throw error;
      request.log.warn({ attachmentId: id }, 'attachment row without its blob');
      throw new ApiError('NotFound', 'The file does not exist');
    });
    return (
      reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`)
        .header('etag', `"${attachment.sha256}"`)
        .header('cache-control', 'private, max-age=60')
        .header('x-content-type-options', 'nosniff')
        // Uploaded content is untrusted: never let an inline HTML file run script on this origin.
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(body)
    );
  });
}
