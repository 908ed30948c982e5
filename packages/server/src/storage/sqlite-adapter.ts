import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import {
  type ColumnDefinitionBuilder,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type SqlBool,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import type { StoreFailure } from '../core/store.js';
import { allowDirectReads } from './compiled-once.js';
import type { Database } from './database-schema.js';
import { sqliteTextSearch } from './sqlite-text-search.js';
import type { StorageAdapter } from './storage-adapter.js';

/**
 * SQLite's `synchronous` level in WAL mode (docs/reliability.md "Durability"): `full` (default) syncs the WAL
 * at every commit, so every acknowledged write survives a power loss; `normal` syncs only at checkpoints,
 * so the last commits before a power loss (never a process crash) can be lost; `extra` adds a directory sync.
 */
export type SqliteSynchronous = 'extra' | 'full' | 'normal';

export const SQLITE_SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['extra', 'full', 'normal'];

export interface SqliteAdapterOptions {
  /** Durability of a commit; default `full`. */
  synchronous?: SqliteSynchronous;
  /** Database file path, or `:memory:`. */
  filename: string;
  /** How long a writer waits for another process's lock (the CLI and the server share the file). Default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * The embedded default: one better-sqlite3 file in WAL mode with foreign keys enforced, every commit
 * synced to disk unless `synchronous` says otherwise.
 */
export class SqliteAdapter implements StorageAdapter {
  readonly name = 'sqlite';
  readonly integerType = 'integer';
  readonly textSearch = sqliteTextSearch;
  readonly integerList = {
    condition: (column: string, list: unknown) =>
      sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${list}))`,
    parameter: (values: readonly number[]) => JSON.stringify(values),
  };
  readonly autoIncrementType = 'integer';
  readonly skipLocked = false;
  readonly #options: Readonly<SqliteAdapterOptions>;

  constructor(options: SqliteAdapterOptions) {
    if (options.synchronous !== undefined && !SQLITE_SYNCHRONOUS_LEVELS.includes(options.synchronous)) {
      throw new TypeError(`unknown SQLite synchronous level '${String(options.synchronous)}'`);
    }
    this.#options = Object.freeze({ ...options });
  }

  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
    // AUTOINCREMENT: conversation ids are never reused after a delete, as clients key on them.
    return column.primaryKey().autoIncrement();
  }

  connect(): Kysely<Database> {
    if (this.#options.filename !== ':memory:') makeOwnerOnly(this.#options.filename);
    const database = new SQLite(this.#options.filename);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`synchronous = ${(this.#options.synchronous ?? 'full').toUpperCase()}`);
    database.pragma(`busy_timeout = ${this.#options.busyTimeoutMs ?? 5000}`);
    const cached = withStatementCache(database);
    const dialect = new ImmediateSqliteDialect({ database: cached });
    const db = new Kysely<Database>({ dialect });
    // Kysely hands its one connection from query to query through a lock and several promises, which
    // cost a cached L4 read about twice what its one statement does (CPU profile, docs/benchmarks.md).
    // better-sqlite3 runs a statement to its end synchronously, so while no caller holds or waits for the
    // connection a read can run at once: it sees only committed rows and queues behind nothing that was
    // asked for first. Otherwise (a transaction open, a migration running on the connection, a query
    // waiting, the store not yet opened by Kysely or already closed) it takes its turn through Kysely.
    allowDirectReads(db, (sql, parameters) => {
      if (!dialect.driver?.idle || database.inTransaction) return undefined;
      const statement = cached.prepare(sql);
      return statement.reader ? statement.all(parameters as unknown[]) : undefined;
    });
    return db;
  }

  classifyError(error: unknown): StoreFailure | undefined {
    const code = (error as { code?: unknown } | null)?.code;
    // Lock contention that outlasted busy_timeout (another process holds the write lock).
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED') return 'busy';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'conflict';
    return undefined;
  }
}

/**
 * Creates the database file owner-only (0600) before SQLite opens it, and tightens an existing one and its
 * WAL and shared-memory files: SQLite gives the files it creates later the main file's mode.
 */
function makeOwnerOnly(filename: string): void {
  closeSync(openSync(filename, 'a', 0o600));
  for (const path of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (!existsSync(path)) continue;
    try {
      chmodSync(path, 0o600);
    } catch (error) {
      // A file owned by someone else (a mounted volume): leave it, as SQLite itself would open it.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
}

/**
 * Transactions start with `BEGIN IMMEDIATE`: every write transaction here reads before it writes, and
 * a plain `BEGIN` would try to upgrade its read lock later, which SQLite refuses at once (SQLITE_BUSY)
 * when another process (the CLI on the same data dir) committed meanwhile. Taking the write lock up
 * front makes `busy_timeout` apply instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  /** The driver Kysely runs queries with, once it asked for one. */
  driver: ImmediateSqliteDriver | undefined;

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    this.driver = new ImmediateSqliteDriver(this.#config);
    return this.driver;
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  /** Callers holding the one connection or waiting for it. */
  #users = 0;
  #open = false;

  /** Opened by Kysely, not yet closed, and no caller holds or waits for the connection. */
  get idle(): boolean {
    return this.#open && this.#users === 0;
  }

  override async init(): Promise<void> {
    await super.init();
    this.#open = true;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    this.#users++;
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#users--;
      throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    this.#users--;
    await super.releaseConnection();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async destroy(): Promise<void> {
    this.#open = false;
    await super.destroy();
  }
}

/** Most distinct statements kept prepared; the app issues a few dozen shapes, so this never evicts in practice. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh, and with better-sqlite3 preparing costs as much as running a
 * small query (measured: bench/server-throughput.ts). Prepared statements are reusable because
 * better-sqlite3 runs them synchronously, so one cached statement per SQL text is safe. (Not for
 * Kysely's `.stream()`, which keeps a statement busy across awaits; nothing here streams.)
 */
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  // Bound once per method, not per property read (a fresh bound function on every read showed in profiles).
  const bound = new Map<PropertyKey, { of: unknown; fn: unknown }>();
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        // Native methods must be called on the real database object, not on the proxy.
        const known = bound.get(property);
        if (known?.of === value) return known.fn;
        const fn = value.bind(target);
        bound.set(property, { of: value, fn });
        return fn;
      }
      return prepare;
    },
  });

  function prepare(sql: string): SQLite.Statement {
    let statement = cache.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
    }
    return statement;
  }
}
