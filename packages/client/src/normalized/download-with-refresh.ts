import { isDeskwireClientError } from '../core/errors.js';
import type { Attachment, AttachmentDownload } from './model.js';

/** What one vendor contributes to an attachment download: the fetch and a fresh signed URL. */
export interface RefreshingDownload<TStream> {
  now: () => number;
  download: (url: string) => Promise<TStream>;
  /** The same attachment with a new signed URL, from a new read of its ticket or conversation. */
  refresh: (attachment: Attachment) => Promise<Attachment>;
}

/**
 * Streams an attachment by its signed URL. A URL already past its expiry, or one the server answers
 * as expired, is refreshed once by reading the conversation again; a second expiry is an error.
 */
export async function downloadWithRefresh<TStream extends object>(
  attachment: Attachment,
  vendor: RefreshingDownload<TStream>,
): Promise<TStream & Pick<AttachmentDownload, 'fileName' | 'attachment'>> {
  let current = attachment;
  let refreshed = false;
  if (current.expiresAt !== null && current.expiresAt.getTime() <= vendor.now()) {
    current = await vendor.refresh(current);
    refreshed = true;
  }
  for (;;) {
    try {
      const stream = await vendor.download(current.url);
      return { ...stream, fileName: current.fileName, attachment: current };
    } catch (error) {
      if (refreshed || !isDeskwireClientError(error) || error.code !== 'URL_EXPIRED') throw error;
      current = await vendor.refresh(current);
      refreshed = true;
    }
  }
}
