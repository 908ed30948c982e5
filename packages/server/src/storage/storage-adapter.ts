import type { ColumnDataType, ColumnDefinitionBuilder, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { StoreFailure } from '../core/store.js';
import type { CoalescedReadsOptions } from './coalesced-reads.js';
import type { Database } from './database-schema.js';
import type { TextSearchDialect } from './text-search.js';

/**
 * Everything that differs between the storage engines, and nothing else. Repositories and
 * migrations are written once against Kysely; an engine contributes only what is listed here.
 */
export interface StorageAdapter {
  /** Engine name, for logs and `/healthz`. */
  readonly name: 'sqlite' | 'postgres';
  /**
   * Schema (namespace) the tables live in, for engines that have them. Named explicitly to Kysely's
   * Migrator: it otherwise looks for its own tables in every schema of the database.
   */
  readonly schema?: string;
  /**
   * Column type of whole numbers (ids, counters, sizes): 64-bit on both engines, as SQLite's INTEGER
   * is, so an id that fits one engine fits the other (a 12-digit Kapture id, say).
   */
  readonly integerType: ColumnDataType;
  /**
   * Whether `SELECT … FOR UPDATE SKIP LOCKED` exists: PostgreSQL's instances claim webhook deliveries
   * with it; SQLite has one writer at a time, so a single claiming statement is atomic without it.
   */
  readonly skipLocked: boolean;
  /** Column type of an auto-numbered primary key. */
  readonly autoIncrementType: ColumnDataType;
  /** Adds the engine's auto-numbering to a primary-key column. */
  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /**
   * A list of whole numbers bound as ONE parameter, so that a statement's text does not change with the list's
   * length and it can be compiled once (storage/compiled-once.ts): `condition` keeps rows whose `column` is in
   * the list passed as `list`; `parameter` encodes the values for it (SQLite: JSON read by `json_each`;
   * PostgreSQL: an array, `= any(…::bigint[])`).
   */
  readonly integerList: {
    condition(column: string, list: unknown): RawBuilder<SqlBool>;
    parameter(values: readonly number[]): unknown;
  };
  /**
   * How concurrent cached-read checks (`ConfigGenerationStore.withTicketVersion`) share statements
   * (storage/coalesced-reads.ts), or absent to run each alone (SQLite: a read there is a synchronous call,
   * with no round trip to share). `statement` answers many checks at once: its parameters are three
   * equally long arrays (org ids; ticket numbers or nulls; ticket ids or nulls), its rows `i` (1-based
   * position), `generation`, `ticket_id` and `version`, one per position, in order.
   */
  readonly sharedVersionReads?: { readonly statement: string } & Readonly<CoalescedReadsOptions>;
  /** How this engine indexes and matches ticket text (SQLite FTS5, PostgreSQL tsvector). */
  readonly textSearch: TextSearchDialect;
  /** Opens the connection (pool) with the engine's settings applied. */
  connect(): Kysely<Database>;
  /** Connection-pool occupancy for `/metrics`; engines without a pool (SQLite) leave it out. */
  poolStats?(): PoolStats;
  /**
   * The connection Kysely's Migrator runs on. PostgreSQL: one whose introspection sees only `schema`
   * (storage/schema-scoped-introspection.ts); engines without schemas use `db` as it is.
   */
  migrationDatabase?(db: Kysely<Database>): Kysely<Database>;
  /** Creates what must exist before the first migration (PostgreSQL: the schema); runs once per open. */
  prepare?(db: Kysely<Database>): Promise<void>;
  /**
   * After a row was inserted with an explicit auto-numbered id (seeding), moves the engine's counter
   * past it. SQLite's AUTOINCREMENT does this by itself; a PostgreSQL sequence does not.
   */
  advanceAutoIncrement?(db: Kysely<Database>, table: AutoNumberedTable, id: number): Promise<void>;
  /**
   * What an error this engine raised means to a caller: `busy` (lock contention, a lost connection:
   * retry) or `conflict` (a concurrent writer inserted the same key: retry), else `undefined`. The
   * engine's own codes stay here, so nothing above storage names an engine.
   */
  classifyError(error: unknown): StoreFailure | undefined;
}

/** Tables whose `id` the engine numbers. */
export type AutoNumberedTable = 'activities' | 'ticket_history';

export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}
