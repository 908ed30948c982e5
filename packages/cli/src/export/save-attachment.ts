import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Attachment, CallOptions, TicketClient } from '@deskwire/client';
import { CliError } from '../cli-error.js';

/** A downloaded attachment, checked. */
export interface SavedAttachment {
  fileName: string;
  /** Where it was written, relative to the directory given. */
  file: string;
  sha256: string;
  size: number;
}

/**
 * Streams an attachment to `dir` through a temporary file, hashing it as it goes, checks the size
 * against `Content-Length` and the size the vendor listed, then renames it into place: by its SHA-256
 * (`contentAddressed`; an existing file of that hash is kept, so a re-run writes nothing twice) or
 * by its file name. A failed or short download leaves nothing behind.
 */
export async function saveAttachment(
  tickets: TicketClient,
  attachment: Attachment,
  dir: string,
  options: { contentAddressed: boolean; call?: CallOptions },
): Promise<SavedAttachment> {
  await mkdir(dir, { recursive: true });
  const download = await tickets.downloadAttachment(attachment, options.call);
  const temp = join(dir, `.partial-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(temp, 'w', 0o644);
  try {
    for await (const chunk of Readable.fromWeb(download.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      await handle.write(bytes);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  const expected = download.size ?? attachment.size;
  if (expected !== null && expected !== size) {
    await rm(temp, { force: true });
    throw new CliError('ATTACHMENT_SIZE', `${attachment.fileName}: got ${size} bytes, expected ${expected}`);
  }
  const sha256 = hash.digest('hex');
  const fileName = safeName(download.fileName || attachment.fileName);
  const name = options.contentAddressed ? sha256 : await freeName(dir, fileName);
  const target = join(dir, name);
  if (options.contentAddressed && (await exists(target))) await rm(temp, { force: true });
  else await rename(temp, target);
  return { fileName, file: name, sha256, size };
}

/** The base name without path separators or control characters. */
export function safeName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f]/g, '_');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `name`, else `name (1)`, `name (2)`, …: never overwrites a file already there. */
async function freeName(dir: string, name: string): Promise<string> {
  if (!(await exists(join(dir, name)))) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
}
