import { type Compilable, CompiledQuery, type DialectAdapter, type Kysely } from 'kysely';

/**
 * Runs a compiled read its engine's faster way, or answers `undefined` when it cannot and the query must take
 * the usual way through Kysely: SQLite runs it at once, without Kysely's connection hand-off, unless another
 * caller holds or waits for the connection; PostgreSQL runs it as a prepared statement on any pooled connection.
 */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => unknown[] | Promise<unknown[]> | undefined;

/** Per database (not per transaction: a `Transaction` is another Kysely instance and has none). */
const directReaders = new WeakMap<Kysely<never>, DirectReader>();

/** Lets `db`'s CompiledOnce reads run through `reader` (storage/sqlite-adapter.ts, storage/postgres-adapter.ts). */
export function allowDirectReads<DB>(db: Kysely<DB>, reader: DirectReader): void {
  directReaders.set(db as unknown as Kysely<never>, reader);
}

/**
 * Hot queries compiled once per engine instead of once per call: building and compiling a Kysely query
 * costs about as much as running a small one on SQLite (CPU profile, docs/benchmarks.md). The query
 * is built with placeholder values; `run` substitutes the real ones in the same order, so `build`
 * must use each parameter exactly once, in the order `run` passes them. Every CompiledOnce query is a
 * read; on SQLite it runs directly when the connection is free, on PostgreSQL as a prepared statement, both
 * only outside a transaction (see `allowDirectReads`).
 */
export class CompiledOnce<DB, Row> {
  /** One compiled query per engine (dialect adapter); a transaction shares its database's adapter. */
  readonly #compiled = new WeakMap<DialectAdapter, CompiledQuery<Row>>();

  constructor(readonly build: (db: Kysely<DB>) => Compilable<Row>) {}

  async run(db: Kysely<DB>, parameters: readonly unknown[]): Promise<Row[]> {
    const adapter = db.getExecutor().adapter;
    let compiled = this.#compiled.get(adapter);
    if (!compiled) {
      compiled = this.build(db).compile();
      this.#compiled.set(adapter, compiled);
    }
    if (compiled.parameters.length !== parameters.length) {
      throw new Error(`compiled query takes ${compiled.parameters.length} parameters, got ${parameters.length}`);
    }
    const direct = directReaders.get(db as unknown as Kysely<never>)?.(compiled.sql, parameters);
    if (direct !== undefined) return (await direct) as Row[];
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  }
}

/**
 * A read whose text an engine adapter wrote (not built by Kysely), run the same faster way as a CompiledOnce
 * read: a prepared statement on PostgreSQL, unless that is switched off.
 */
export async function runRead<Row>(db: Kysely<unknown>, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  const direct = directReaders.get(db as unknown as Kysely<never>)?.(text, parameters);
  if (direct !== undefined) return (await direct) as Row[];
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}
