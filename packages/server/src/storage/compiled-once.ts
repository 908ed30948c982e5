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
    return read(db as unknown as Kysely<unknown>, compiled.sql, parameters, compiled);
  }
}

/**
 * A read whose text an engine adapter wrote (not built by Kysely), run the same faster way as a CompiledOnce
 * read: a prepared statement on PostgreSQL, unless that is switched off.
 */
export function runRead<Row>(db: Kysely<unknown>, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  return read(db, text, parameters, undefined);
}

/** The engine's faster way when it has one free, else Kysely's: `built` (a CompiledOnce query) or the raw text. */
async function read<Row>(
  db: Kysely<unknown>,
  text: string,
  parameters: readonly unknown[],
  built: CompiledQuery<Row> | undefined,
): Promise<Row[]> {
  const direct = directReaders.get(db as unknown as Kysely<never>)?.(text, parameters);
  if (direct !== undefined) return (await direct) as Row[];
  const query = built ? { ...built, parameters } : CompiledQuery.raw(text, [...parameters]);
  return (await db.executeQuery<Row>(query as CompiledQuery<Row>)).rows;
}
