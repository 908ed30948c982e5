import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, type BlobStore, type PutResult } from './blob-store.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Blobs on local disk under `<root>/sha256/ab/cd/<hash>`. A write goes to `<root>/tmp` first and is
 * renamed into place only once complete, so a reader never sees a partial file and a failed upload
 * leaves nothing behind.
 */
export class DiskBlobStore implements BlobStore {
  readonly #pins = new Map<string, number>();

  constructor(readonly root: string) {}

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  release(sha256: string): void {
    const count = (this.#pins.get(sha256) ?? 0) - 1;
    if (count > 0) this.#pins.set(sha256, count);
    else this.#pins.delete(sha256);
  }

  isPinned(sha256: string): boolean {
    return this.#pins.has(sha256);
  }

  #pin(sha256: string): void {
    this.#pins.set(sha256, (this.#pins.get(sha256) ?? 0) + 1);
  }

  async put(content: Readable): Promise<PutResult> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    // A source destroyed while we awaited above (an upload cut off mid-part) would never settle the
    // pipeline; fail now. No await between this check and `pipeline`, so nothing can slip between.
    if (content.destroyed) throw content.errored ?? prematureClose();
    try {
      await pipeline(content, counter, createWriteStream(tmp, { mode: 0o600 }));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    // Pinned before the existence check, so a concurrent clean-up cannot remove what this upload reuses.
    this.#pin(sha256);
    try {
      const target = this.#pathOf(sha256);
      if (await exists(target)) {
        await rm(tmp, { force: true });
        return { sha256, size, created: false };
      }
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { sha256, size, created: true };
    } catch (error) {
      this.release(sha256);
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    const path = this.#pathOf(sha256);
    if (!(await exists(path))) throw new BlobNotFoundError(sha256);
    return createReadStream(path);
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.#pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.#pathOf(sha256), { force: true });
  }

  #pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new BlobNotFoundError(sha256);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

function prematureClose(): Error {
  return Object.assign(new Error('The content stream was closed before it ended'), {
    code: 'ERR_STREAM_PREMATURE_CLOSE',
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
