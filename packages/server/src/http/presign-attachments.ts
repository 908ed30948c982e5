import type { BlobStore } from '../blobs/blob-store.js';
import type { Attachment } from '../core/domain.js';

/**
 * Pre-signs a download URL for each attachment when the store can (S3): `attachment.id` → URL. Empty
 * when it cannot (disk), and the caller falls back to Deskwire's own signed `/files` URLs. Signing is
 * asynchronous while the wire mappers are not, so routes resolve the URLs first and map after.
 */
export async function presignAttachments(
  blobs: BlobStore,
  attachments: Iterable<Attachment>,
  expiresInSeconds: number,
): Promise<ReadonlyMap<string, string>> {
  const urls = new Map<string, string>();
  if (!blobs.presign) return urls;
  const presign = blobs.presign.bind(blobs);
  const unique = new Map<string, Attachment>();
  for (const a of attachments) unique.set(a.id, a);
  await Promise.all(
    [...unique.values()].map(async (a) => {
      urls.set(a.id, await presign(a.sha256, { fileName: a.fileName, contentType: a.contentType, expiresInSeconds }));
    }),
  );
  return urls;
}
