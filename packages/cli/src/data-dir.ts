import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Deskwire, SqliteSynchronous, StorageLocation } from '@deskwire/server';
import { CliError, EXIT } from './cli-error.js';
import { envOption } from './env-option.js';
import { sqliteSynchronousLevel } from './parse-options.js';
import { s3Options } from './s3-options.js';
import { loadServer } from './server-module.js';
import { signingKeysFromEnv } from './signing-keys.js';

/** `--data-dir`, else `DESKWIRE_DATA_DIR`, else `./.deskwire`. */
export function resolveDataDir(flag: string | undefined): string {
  return flag ?? process.env.DESKWIRE_DATA_DIR ?? './.deskwire';
}

/** `--database`, else `DESKWIRE_DATABASE_URL`; `undefined` means SQLite in the data directory. */
export function resolveDatabaseUrl(flag: string | undefined): string | undefined {
  return flag ?? (process.env.DESKWIRE_DATABASE_URL || undefined);
}

/**
 * Where the store is: the data directory (blobs, and SQLite), the PostgreSQL URL when given, and the
 * S3 bucket when `DESKWIRE_S3_*` names one — admin commands that attach files must write them where
 * the server reads them.
 */
export function storageLocation(
  dataDir: string | undefined,
  database?: string,
  poolSize?: number,
  sqliteSynchronous?: SqliteSynchronous,
): StorageLocation {
  const databaseUrl = resolveDatabaseUrl(database);
  const databasePoolSize = poolSize ?? poolSizeFromEnv();
  const synchronous = sqliteSynchronous ?? envOption('DESKWIRE_SQLITE_SYNCHRONOUS', sqliteSynchronousLevel);
  const s3 = s3Options({});
  return {
    dataDir: resolveDataDir(dataDir),
    ...(synchronous !== undefined && { sqliteSynchronous: synchronous }),
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(databaseUrl !== undefined && databasePoolSize !== undefined && { databasePoolSize }),
    ...(s3 !== undefined && { s3 }),
  };
}

/** `DESKWIRE_DATABASE_POOL_SIZE`: PostgreSQL connections per process (docs/deploy.md, sizing). */
function poolSizeFromEnv(): number | undefined {
  const value = process.env.DESKWIRE_DATABASE_POOL_SIZE || undefined;
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(value)) {
    throw new CliError(
      'INVALID_POOL_SIZE',
      `DESKWIRE_DATABASE_POOL_SIZE must be a whole number from 1 to 9999, got '${value}'`,
      EXIT.usage,
    );
  }
  return Number(value);
}

/**
 * Opens the store for `serve`: with `migrate`, pending migrations are applied first; without, a new,
 * empty store is created and migrated, and one that is behind or ahead is refused (exit 2) with the
 * server's message, which says to run `deskwire migrate` (behind) or to upgrade (a newer Deskwire
 * migrated the database).
 */
export async function openForServe(location: StorageLocation, migrate: boolean): Promise<Deskwire> {
  const { openDeskwire } = await loadServer();
  const signingKeys = signingKeysFromEnv();
  try {
    return await openDeskwire({
      ...location,
      ...(signingKeys !== undefined && { signingKeys }),
      migrations: migrate ? 'apply' : 'initialize',
    });
  } catch (error) {
    throw asSchemaError(error);
  }
}

/** A `SchemaNotCurrentError` of the server package becomes a one-line CLI error with exit code 2. */
export function asSchemaError(error: unknown): unknown {
  // Recognised by its stable code: `instanceof` would need the server module loaded (see server-module.ts).
  if (error instanceof Error && (error as { code?: unknown }).code === 'SCHEMA_NOT_CURRENT') {
    return new CliError('SCHEMA_NOT_CURRENT', error.message, EXIT.usage);
  }
  return error;
}

/** Exit code of an admin command whose store or tenant does not exist (the vendor commands' "not found"). */
export const NOT_FOUND_EXIT = 4;

/** What an admin command needs of the store it opens. */
export interface AdminStoreOptions {
  /** Only `tenant create` may create a store (besides `serve` and `migrate`): a typo must not make one. */
  create?: boolean;
  /** The tenant the command works on: an unknown one is exit 4 naming its id, before any work. */
  orgId?: number;
}

/**
 * Opens the data set for one admin command and always closes it again. On SQLite (the data
 * directory) pending migrations are applied, as before; on PostgreSQL (`DESKWIRE_DATABASE_URL`) the
 * schema must be current, since migrating a shared database is `deskwire migrate`'s job. A data
 * directory without a store is refused (exit 4) unless `create` is set, and is left as it was.
 */
export async function withDeskwire<T>(
  dataDir: string | undefined,
  work: (deskwire: Deskwire) => Promise<T>,
  options: AdminStoreOptions = {},
): Promise<T> {
  const location = storageLocation(dataDir);
  if (location.databaseUrl === undefined && !options.create) requireSqliteStore(location.dataDir);
  const { openDeskwire } = await loadServer();
  // Admin commands sign links too (and must not put a generated key back into the database).
  const signingKeys = signingKeysFromEnv();
  const deskwire = await openDeskwire({
    ...location,
    ...(signingKeys !== undefined && { signingKeys }),
    migrations: location.databaseUrl === undefined ? 'apply' : 'require-current',
  }).catch((error: unknown) => {
    throw asSchemaError(error);
  });
  try {
    if (options.orgId !== undefined && !(await deskwire.storage.tenants.get(options.orgId))) {
      throw new CliError('TENANT_NOT_FOUND', `tenant ${options.orgId} does not exist`, NOT_FOUND_EXIT);
    }
    // Changes made here are events with the CLI as their origin (`cli`, `ticket create`).
    const { withEventOrigin } = await loadServer();
    return await withEventOrigin({ surface: 'cli', operation: cliOperation() }, () => work(deskwire));
  } finally {
    await deskwire.close();
  }
}

/** The command words (`ticket create`): the first arguments up to the first option. */
function cliOperation(): string | null {
  const words: string[] = [];
  for (const arg of process.argv.slice(2, 4)) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words.length === 0 ? null : words.join(' ');
}

/** The SQLite store of a data directory must exist: opening it would create the file (and the directory). */
function requireSqliteStore(dataDir: string): void {
  const file = join(dataDir, 'deskwire.db');
  if (existsSync(file)) return;
  throw new CliError(
    'NO_STORE',
    `no Deskwire store in ${dataDir} (${file} does not exist); check --data-dir or DESKWIRE_DATA_DIR, or create one with \`deskwire tenant create\`, \`deskwire migrate\` or \`deskwire serve\``,
    NOT_FOUND_EXIT,
  );
}
