import type { ColumnDataType, ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Database } from './database-schema.js';

/**
 * Everything that differs between the storage engines, and nothing else. Repositories and
 * migrations are written once against Kysely; an engine contributes only what is listed here.
 */
export interface StorageAdapter {
  /** Engine name, for logs and `/healthz`. */
  readonly name: 'sqlite' | 'postgres';
  /** Column type of an auto-numbered primary key. */
  readonly autoIncrementType: ColumnDataType;
  /** Adds the engine's auto-numbering to a primary-key column. */
  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Opens the connection (pool) with the engine's settings applied. */
  connect(): Kysely<Database>;
  /** Connection-pool occupancy for `/metrics`; engines without a pool (SQLite) leave it out. */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}
