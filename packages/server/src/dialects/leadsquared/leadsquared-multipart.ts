import type { FastifyRequest } from 'fastify';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { CoreDeps } from '../../core/deps.js';
import { discardFiles } from '../../core/discard-files.js';
import type { StoredFile } from '../../core/domain.js';
import { ApiError } from '../../errors/api-error.js';
import { requireWellFormed } from '../../http/well-formed-unicode.js';

/** The multipart form of L2/L3: a text part `ticketDTO` (JSON) and repeatable file parts `files`. */
export interface TicketForm {
  dto: unknown;
  files: StoredFile[];
}

const DTO_PART = 'ticketDTO';
const FILE_PART = 'files';

/**
 * Reads the form, streaming each file straight into the blob store (never buffering it whole).
 * Parts may come in any order. On any failure the files already stored are discarded again.
 * Source: https://apidocs.leadsquared.com/create-ticket-with-attachments/
 */
export async function readTicketForm(
  request: FastifyRequest,
  deps: Pick<CoreDeps, 'storage'> & { blobs: BlobStore },
  /** `--max-file-size`, named in the error when a file exceeds it. */
  fileBytes: number,
): Promise<TicketForm> {
  const files: StoredFile[] = [];
  let dto: { text: string } | { parsed: unknown } | undefined;
  try {
    // preservePath: busboy otherwise cuts a name down to its last path segment ("../../x" → "x",
    // "a\\b" → "b"), which would let such names through instead of refusing them.
    for await (const part of request.parts({ preservePath: true })) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_PART) {
          part.file.resume();
          throw new ApiError(
            'InvalidMultipart',
            `Unexpected file part '${clip(part.fieldname)}'; files go in parts named '${FILE_PART}'`,
          );
        }
        const fileName = checkFileName(part.filename);
        const stored = await deps.blobs.put(part.file).catch((error: unknown) => {
          // The body ended (or the client went away) in the middle of this file part.
          if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(fileName, fileBytes);
          if (isCutOff(error)) {
            throw new ApiError('InvalidMultipart', `The upload ended before file '${clip(fileName)}' was complete`, {
              cause: error,
            });
          }
          throw error;
        });
        files.push({
          fileName,
          contentType: part.mimetype || 'application/octet-stream',
          size: stored.size,
          sha256: stored.sha256,
          created: stored.created,
        });
        // Busboy ends an over-limit file early (marked truncated); never keep the cut-off copy.
        if (part.file.truncated) {
          throw tooLarge(fileName, fileBytes);
        }
      } else if (part.fieldname === DTO_PART) {
        if (dto !== undefined) throw new ApiError('InvalidMultipart', `Part '${DTO_PART}' is sent more than once`);
        if (part.valueTruncated) {
          throw new ApiError('PayloadTooLarge', `Part '${DTO_PART}' is larger than the allowed limit`);
        }
        // A part sent with `Content-Type: application/json` arrives already parsed by @fastify/multipart.
        dto = typeof part.value === 'string' ? { text: part.value } : { parsed: part.value };
      } else {
        throw new ApiError(
          'InvalidMultipart',
          `Unexpected form field '${clip(part.fieldname)}'; the ticket JSON goes in a text part named '${DTO_PART}'`,
        );
      }
    }
    if (dto === undefined) throw new ApiError('MissingTicketDto', `Multipart request has no '${DTO_PART}' part`);
    const parsed = 'text' in dto ? parseDto(dto.text) : dto.parsed;
    requireWellFormed(parsed, `Part '${DTO_PART}'`);
    return { dto: parsed, files };
  } catch (error) {
    await discardFiles(files, deps);
    throw error;
  }
}

function parseDto(text: string): unknown {
  let forbidden = false;
  let value: unknown;
  try {
    // Refuse what the JSON body parser refuses (Fastify's secure-json-parse defaults), so L1 and L2 agree.
    value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && typeof v === 'object' && v !== null && 'prototype' in v))
        forbidden = true;
      return v;
    });
  } catch (error) {
    throw new ApiError('InvalidJson', `Part '${DTO_PART}' is not valid JSON: ${(error as Error).message}`);
  }
  if (forbidden) throw new ApiError('InvalidJson', `Part '${DTO_PART}' contains a forbidden property name`);
  return value;
}

/**
 * File names are shown to agents and used when files are saved, so names that could traverse
 * directories or carry control characters are refused rather than rewritten.
 */
export function checkFileName(name: string | undefined): string {
  const value = name ?? '';
  if (value.trim() === '') throw new ApiError('InvalidFileName', 'Every file needs a file name');
  if (value.length > 255) throw new ApiError('InvalidFileName', 'File name is longer than 255 characters');
  if (/[/\\]/.test(value))
    throw new ApiError('InvalidFileName', `File name '${clip(value)}' must not contain path separators`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new ApiError('InvalidFileName', 'File name must not contain control characters');
  if (value === '.' || value === '..') throw new ApiError('InvalidFileName', `File name '${value}' is not allowed`);
  return value;
}

/** The upload stream ended early (body cut off, client gone), as opposed to a server-side failure. */
function isCutOff(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (typeof e?.message === 'string' && /terminated early due to unexpected end of multipart data/.test(e.message))
  );
}

function clip(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters from echoed input
  return value.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 64);
}

/** Names the file and the limit, so the caller knows what to shrink and by how much. */
function tooLarge(fileName: string, fileBytes: number): ApiError {
  return new ApiError(
    'PayloadTooLarge',
    `File '${clip(fileName)}' is larger than the limit of ${fileBytes} bytes per file`,
  );
}
