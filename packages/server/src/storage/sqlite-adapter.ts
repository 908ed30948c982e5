import SQLite from 'better-sqlite3';
import { type ColumnDefinitionBuilder, Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.js';
import type { StorageAdapter } from './storage-adapter.js';

export interface SqliteAdapterOptions {
  /** Database file path, or `:memory:`. */
  filename: string;
  /** How long a writer waits for another process's lock (the CLI and the server share the file). Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** The embedded default: one better-sqlite3 file in WAL mode with foreign keys enforced. */
export class SqliteAdapter implements StorageAdapter {
  readonly name = 'sqlite';
  readonly autoIncrementType = 'integer';
  readonly #options: Readonly<SqliteAdapterOptions>;

  constructor(options: SqliteAdapterOptions) {
    this.#options = Object.freeze({ ...options });
  }

  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
    // AUTOINCREMENT: conversation ids are never reused after a delete, as clients key on them.
    return column.primaryKey().autoIncrement();
  }

  connect(): Kysely<Database> {
    const database = new SQLite(this.#options.filename);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${this.#options.busyTimeoutMs ?? 5000}`);
    return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
}
