import { Readable } from 'node:stream';
import type { SeedFile } from '@deskwire/wire/sandbox';
import type { RequestLimits } from '../config.js';
import type { CoreDeps } from '../core/deps.js';
import { discardFiles } from '../core/discard-files.js';
import type { StoredFile } from '../core/domain.js';
import { checkFileName } from '../dialects/leadsquared/leadsquared-multipart.js';
import { ApiError } from '../errors/api-error.js';

/**
 * Stores base64 files from a sandbox body in the blob store, as an upload would be, within the
 * same limits (`--max-file-size`, `--max-files`) and file-name rules. If one fails, the blobs already
 * stored for this request are removed again; the caller discards them if its own write fails later
 * (the core functions do that themselves).
 */
export async function storeSeedFiles(
  files: readonly SeedFile[] | undefined,
  limits: RequestLimits,
  deps: Pick<CoreDeps, 'storage' | 'blobs'>,
): Promise<StoredFile[]> {
  if (!files || files.length === 0) return [];
  if (files.length > limits.files) {
    throw new ApiError('TooManyFiles', `At most ${limits.files} files per request, got ${files.length}`);
  }
  const stored: StoredFile[] = [];
  try {
    for (const file of files) {
      const fileName = checkFileName(file.fileName);
      const content = Buffer.from(file.contentBase64, 'base64');
      if (content.length > limits.fileBytes) {
        throw new ApiError('PayloadTooLarge', `File '${fileName}' is larger than ${limits.fileBytes} bytes`);
      }
      const put = await deps.blobs.put(Readable.from([content]));
      stored.push({ fileName, contentType: file.contentType ?? 'application/octet-stream', ...put });
    }
  } catch (error) {
    await discardFiles(stored, deps);
    throw error;
  }
  return stored;
}

/** Largest JSON body a seeding route accepts: one file at the size limit, base64-encoded, plus the body limit. */
export function seedBodyLimit(limits: RequestLimits): number {
  return Math.ceil(limits.fileBytes / 3) * 4 + limits.bodyBytes;
}
