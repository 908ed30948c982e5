import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BlobStore } from './blobs/blob-store.js';
import { DiskBlobStore } from './blobs/disk-blob-store.js';
import type { CoreDeps } from './core/deps.js';
import { UrlSigner } from './security/url-signer.js';
import { SqliteAdapter } from './storage/sqlite-adapter.js';
import { Storage } from './storage/storage.js';

export interface OpenOptions {
  /** Where the SQLite file and the blobs live. Created if missing. */
  dataDir: string;
  /** Override the clock (tests). */
  now?: () => Date;
}

/** An opened Deskwire data set: what the HTTP layer, the CLI's admin commands and tests work on. */
export interface Deskwire extends CoreDeps {
  readonly storage: Storage;
  readonly dataDir: string;
  readonly signer: UrlSigner;
  close(): Promise<void>;
}

/** Opens (and on first use initialises) a data directory: `deskwire.db` plus `blobs/`. */
export async function openDeskwire(options: OpenOptions): Promise<Deskwire> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const storage = await Storage.open(new SqliteAdapter({ filename: join(dataDir, 'deskwire.db') }));
  const blobs: BlobStore = new DiskBlobStore(join(dataDir, 'blobs'));
  // One signing key per data set, kept in the database so every instance on it signs alike.
  const key = await storage.settings.getOrInit('url_signing_key', randomBytes(32).toString('hex'));
  return {
    dataDir,
    storage,
    blobs,
    signer: new UrlSigner(Buffer.from(key, 'hex')),
    now: options.now ?? (() => new Date()),
    newId: () => randomUUID(),
    close: () => storage.close(),
  };
}
