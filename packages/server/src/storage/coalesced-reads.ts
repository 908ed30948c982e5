/**
 * Shares one statement among reads that arrive while the engine is busy ("natural batching"): while fewer
 * than `maxInFlight` statements run, a read runs alone at once, so a quiet server adds no wait; when that
 * many run, reads queue, and the next statement to start takes every queued read (up to `maxBatch`) in one
 * round trip. A queued read's statement starts after the read was asked for, never before, so it sees every
 * write committed before it (read-after-write holds as for a read of its own). A failed statement fails
 * each read it carried, and only those.
 */
export class CoalescedReads<Key, Value> {
  readonly #queue: Array<{ key: Key; resolve: (value: Value) => void; reject: (error: unknown) => void }> = [];
  #inFlight = 0;
  #alone = 0;
  #shared = 0;
  #sharedReads = 0;

  constructor(
    private readonly readOne: (key: Key) => Promise<Value>,
    private readonly readMany: (keys: readonly Key[]) => Promise<Value[]>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new RangeError('maxInFlight must be a whole number ≥ 1');
    if (!Number.isInteger(maxBatch) || maxBatch < 2) throw new RangeError('maxBatch must be a whole number ≥ 2');
  }

  read(key: Key): Promise<Value> {
    if (this.#inFlight < this.maxInFlight) {
      this.#inFlight++;
      this.#alone++;
      return this.readOne(key).finally(() => this.#settled());
    }
    return new Promise<Value>((resolve, reject) => this.#queue.push({ key, resolve, reject }));
  }

  /** Statements running now, reads waiting for the next, and statements run so far: alone, and shared by how many reads. */
  get load(): { inFlight: number; queued: number; alone: number; shared: number; sharedReads: number } {
    return {
      inFlight: this.#inFlight,
      queued: this.#queue.length,
      alone: this.#alone,
      shared: this.#shared,
      sharedReads: this.#sharedReads,
    };
  }

  #settled(): void {
    this.#inFlight--;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.maxBatch);
    this.#inFlight++;
    const keys = batch.map((waiting) => waiting.key);
    if (batch.length === 1) this.#alone++;
    else {
      this.#shared++;
      this.#sharedReads += batch.length;
    }
    const statement = batch.length === 1 ? this.readOne(keys[0] as Key).then((value) => [value]) : this.readMany(keys);
    statement
      .then((values) => {
        if (values.length !== batch.length) {
          throw new Error(`a shared read answered ${values.length} values for ${batch.length} reads`);
        }
        for (const [i, waiting] of batch.entries()) waiting.resolve(values[i] as Value);
      })
      .catch((error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      })
      .finally(() => this.#settled());
  }
}
