import { randomUUID } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobPins } from './blob-pins.js';
import {
  BlobNotFoundError,
  type BlobStore,
  type DeleteOptions,
  type PutResult,
  type StoredBlob,
} from './blob-store.js';
import { assertNotDestroyed, hashingStream } from './hashing-stream.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Blobs on local disk under `<root>/sha256/ab/cd/<hash>`. A write goes to `<root>/tmp` first and is
 * renamed into place only once complete, so a reader never sees a partial file and a failed upload
 * leaves nothing behind. What a crash leaves in `tmp` is for `sweepTemporary`.
 */
export class DiskBlobStore implements BlobStore {
  readonly #pins = new BlobPins();

  constructor(readonly root: string) {}

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  release(sha256: string): void {
    this.#pins.release(sha256);
  }

  isPinned(sha256: string): boolean {
    return this.#pins.has(sha256);
  }

  async put(content: Readable): Promise<PutResult> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hashing = hashingStream();
    const counter = hashing.stream;
    // A source destroyed while we awaited above (an upload cut off mid-part) would never settle the
    // pipeline; fail now. No await between this check and `pipeline`, so nothing can slip between.
    assertNotDestroyed(content);
    try {
      await pipeline(content, counter, createWriteStream(tmp, { mode: 0o600 }));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    const { sha256, size } = hashing.result();
    // Pinned before the existence check, so a concurrent clean-up cannot remove what this upload reuses.
    this.#pins.pin(sha256);
    try {
      const target = this.#pathOf(sha256);
      // Reuse renews the file's mtime, as the S3 store's copy renews LastModified: a sweep in another
      // process (the CLI, or the server while the CLI attaches) then spares it (`delete`'s unmodifiedSince).
      if (await touch(target)) {
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

  async delete(sha256: string, options: DeleteOptions = {}): Promise<void> {
    const path = this.#pathOf(sha256);
    const since = options.unmodifiedSince;
    if (since === undefined) {
      await rm(path, { force: true });
      return;
    }
    // Moved aside first, then judged: an upload that reuses the content touches it (renewing its mtime)
    // before committing its row, so either the touch lands before the rename and we see it below, or
    // after and fails with ENOENT, making that upload write its own copy. No window in between.
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const aside = join(this.root, 'tmp', `deleting-${randomUUID()}`);
    try {
      await rename(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if ((await stat(aside)).mtime > since) {
      // Reused meanwhile: put it back (an upload may have stored an identical copy since; same bytes).
      await rename(aside, path);
      return;
    }
    await rm(aside, { force: true });
  }

  async *list(): AsyncIterable<StoredBlob> {
    const root = join(this.root, 'sha256');
    for (const a of await entries(root)) {
      for (const b of await entries(join(root, a))) {
        for (const name of await entries(join(root, a, b))) {
          if (!SHA256_HEX.test(name)) continue;
          const info = await stat(join(root, a, b, name)).catch(() => undefined);
          if (info?.isFile()) yield { sha256: name, modifiedAt: info.mtime };
        }
      }
    }
  }

  async sweepTemporary(olderThan: Date): Promise<number> {
    const dir = join(this.root, 'tmp');
    let removed = 0;
    for (const name of await entries(dir)) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      // An upload's file is as old as its last write; a blob moved aside by `delete` as the move (rename
      // keeps the mtime, renews the ctime), so a sweep elsewhere cannot remove one that is being put back.
      const at = name.startsWith('deleting-') ? Math.max(info?.mtimeMs ?? 0, info?.ctimeMs ?? 0) : info?.mtimeMs;
      if (at === undefined || at >= olderThan.getTime()) continue;
      await rm(join(dir, name), { force: true, recursive: true });
      removed += 1;
    }
    return removed;
  }

  #pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new BlobNotFoundError(sha256);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/** A directory's entry names; none if it does not exist. */
async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/** Sets a file's times to now; false if it does not exist. */
async function touch(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    // Someone else's file (a data dir shared between users): reuse it unrenewed rather than fail the upload.
    if (code === 'EPERM' || code === 'EACCES') return exists(path);
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
