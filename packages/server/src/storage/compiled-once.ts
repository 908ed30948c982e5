import type { Compilable, CompiledQuery, DialectAdapter, Kysely } from 'kysely';

/**
 * Hot queries compiled once per engine instead of once per call: building and compiling a Kysely query
 * costs about as much as running a small one on SQLite (CPU profile, docs/benchmarks.md). The query
 * is built with placeholder values; `run` substitutes the real ones in the same order, so `build`
 * must use each parameter exactly once, in the order `run` passes them.
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
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  }
}
