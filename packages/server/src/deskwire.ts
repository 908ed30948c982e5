import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BlobStore } from './blobs/blob-store.js';
import { DiskBlobStore } from './blobs/disk-blob-store.js';
import { S3BlobStore, type S3BlobStoreOptions } from './blobs/s3-blob-store.js';
import type { CoreDeps } from './core/deps.js';
import { TenantConfigCache } from './core/tenant-config-cache.js';
import { UrlSigner } from './security/url-signer.js';
import { PostgresAdapter } from './storage/postgres-adapter.js';
import type { MigrationMode } from './storage/schema-status.js';
import { SqliteAdapter, type SqliteSynchronous } from './storage/sqlite-adapter.js';
import { Storage } from './storage/storage.js';
import type { StorageAdapter } from './storage/storage-adapter.js';

/** Where the ticket store lives: PostgreSQL when `databaseUrl` is set, else `deskwire.db` in `dataDir`. */
export interface StorageLocation {
  /** Data directory: the SQLite file (without `databaseUrl`) and the blobs. Created if missing. */
  dataDir: string;
  /** `postgres://…`: keep the ticket store in PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing; default: the URL's `?schema=`, else `public`). */
  databaseSchema?: string;
  /** PostgreSQL connections per process (default 10). */
  databasePoolSize?: number;
  /** SQLite only: how durable a commit is (`full`, the default, survives power loss; see `SqliteSynchronous`). */
  sqliteSynchronous?: SqliteSynchronous;
  /** Keep attachments in this S3-compatible bucket instead of `<dataDir>/blobs` (docs/architecture.md). */
  s3?: S3BlobStoreOptions;
}

/**
 * Keys for signed download URLs, from the operator (`DESKWIRE_SIGNING_KEY`, `DESKWIRE_SIGNING_KEY_PREVIOUS`
 * or their `_FILE` forms in the CLI), each at least 32 bytes. Without them a key is generated once and kept
 * in the database (`settings.url_signing_key`), in plain text.
 */
export interface SigningKeys {
  /** Signs every new URL. */
  current: Buffer;
  /** Still accepted for the URLs they signed (until those expire): keep one TTL after a rotation, then drop. */
  previous?: readonly Buffer[];
}

export interface OpenOptions extends StorageLocation {
  /** Download-URL signing keys; default a key kept in the database. */
  signingKeys?: SigningKeys;
  /** `apply` (default) pending migrations, or `require-current` (reject with `SchemaNotCurrentError`). */
  migrations?: MigrationMode;
  /** Override the clock (tests). */
  now?: () => Date;
  /** `false` stops keeping the ticket search index: only for the write-cost benchmark (`StorageOpenOptions`). */
  searchIndexing?: boolean;
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
  await makePrivateDir(dataDir);
  const storage = await Storage.open(storageAdapterFor({ ...options, dataDir }), {
    migrations: options.migrations ?? 'apply',
    ...(options.searchIndexing !== undefined && { searchIndexing: options.searchIndexing }),
  });
  let s3: S3BlobStore | undefined;
  let signer: UrlSigner;
  try {
    s3 = options.s3 === undefined ? undefined : new S3BlobStore(options.s3);
    signer = await openSigner(storage, options.signingKeys);
  } catch (error) {
    // Nothing is returned to close, so close here: a PostgreSQL pool would otherwise hold the process open.
    s3?.destroy();
    await storage.close();
    throw error;
  }
  const blobs: BlobStore = s3 ?? new DiskBlobStore(join(dataDir, 'blobs'));
  return {
    dataDir,
    storage,
    blobs,
    signer,
    now: options.now ?? (() => new Date()),
    newId: () => randomUUID(),
    tenantConfig: new TenantConfigCache(storage),
    close: async () => {
      s3?.destroy();
      await storage.close();
    },
  };
}

/** The database setting that holds the generated signing key when the operator supplies none. */
const STORED_KEY_SETTING = 'url_signing_key';

/**
 * The operator's keys when given; the stored key is then deleted, so it no longer sits in the database
 * (links it signed stop working: clients fetch fresh ones). Otherwise one generated key per data set, kept
 * in the database so every instance on it signs alike.
 */
async function openSigner(storage: Storage, keys: SigningKeys | undefined): Promise<UrlSigner> {
  if (keys) {
    const signer = new UrlSigner(keys.current, keys.previous);
    await storage.settings.delete(STORED_KEY_SETTING);
    return signer;
  }
  const key = await storage.settings.getOrInit(STORED_KEY_SETTING, randomBytes(32).toString('hex'));
  return new UrlSigner(Buffer.from(key, 'hex'));
}

/**
 * Creates the data directory owner-only (0700) and tightens an existing one too: it holds the database and
 * every uploaded file. A directory owned by someone else (a mounted volume) is left as it is.
 */
async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPERM') throw error;
  });
}

/** The storage adapter for a location: PostgreSQL for a `databaseUrl`, else SQLite in the data directory. */
export function storageAdapterFor(location: StorageLocation): StorageAdapter {
  if (location.databaseUrl !== undefined) {
    if (!/^postgres(?:ql)?:\/\//.test(location.databaseUrl)) {
      throw new TypeError('the database URL must start with postgres:// or postgresql://');
    }
    // `?schema=NAME` in the URL picks the schema, for deployments (and the CLI) that have only the URL.
    const params = new URL(location.databaseUrl).searchParams;
    const schema = location.databaseSchema ?? (params.get('schema') || undefined);
    // `?prepared_statements=off` for a pooler that cannot keep prepared statements (PostgresAdapterOptions).
    const prepared = params.get('prepared_statements');
    if (prepared !== null && prepared !== 'on' && prepared !== 'off') {
      throw new TypeError(`prepared_statements in the database URL must be on or off, not '${prepared}'`);
    }
    return new PostgresAdapter({
      connectionString: location.databaseUrl,
      ...(schema !== undefined && { schema }),
      ...(prepared === 'off' && { preparedStatements: false }),
      ...(location.databasePoolSize !== undefined && { poolSize: location.databasePoolSize }),
    });
  }
  return new SqliteAdapter({
    filename: join(resolve(location.dataDir), 'deskwire.db'),
    ...(location.sqliteSynchronous !== undefined && { synchronous: location.sqliteSynchronous }),
  });
}
