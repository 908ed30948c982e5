/** A queued read that waited longer than its deadline for a statement: the engine is overloaded (a 503). */
export class SharedReadTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`no statement was free for a queued read within ${waitedMs} ms`);
    this.name = 'SharedReadTimeoutError';
  }
}

export interface CoalescedReadsOptions {
  /** Statements that may run at once, alone or shared. */
  maxInFlight: number;
  /** Reads one shared statement takes at most. */
  maxBatch: number;
  /** How long a read may wait in the queue before it fails with `SharedReadTimeoutError`. */
  queueTimeoutMs: number;
}

interface Waiting<Key, Value> {
  key: Key;
  resolve: (value: Value) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * Shares one statement among reads that arrive while the engine is busy ("natural batching"): while fewer
 * than `maxInFlight` statements run (alone or shared), a read runs alone at once, so a quiet server adds no
 * wait; when that many run, reads queue, and the next statement to start takes the queued reads (up to
 * `maxBatch`, oldest first) in one round trip. A queued read's statement starts after the read was asked for,
 * never before, so it sees every write committed before it (read-after-write holds as for a read of its own).
 * A failed statement fails each read it carried, and only those; a read queued past `queueTimeoutMs` fails
 * on its own, as a read waiting for a pooled connection would.
 */
export class CoalescedReads<Key, Value> {
  readonly #queue: Array<Waiting<Key, Value>> = [];
  readonly #options: Readonly<CoalescedReadsOptions>;
  #inFlight = 0;
  #alone = 0;
  #shared = 0;
  #sharedReads = 0;

  constructor(
    private readonly readOne: (key: Key) => Promise<Value>,
    private readonly readMany: (keys: readonly Key[]) => Promise<Value[]>,
    options: CoalescedReadsOptions,
  ) {
    const { maxInFlight, maxBatch, queueTimeoutMs } = options;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError('maxInFlight must be a whole number ≥ 1');
    }
    if (!Number.isInteger(maxBatch) || maxBatch < 2) throw new RangeError('maxBatch must be a whole number ≥ 2');
    if (!Number.isInteger(queueTimeoutMs) || queueTimeoutMs < 1) {
      throw new RangeError('queueTimeoutMs must be a whole number ≥ 1');
    }
    this.#options = { ...options };
  }

  read(key: Key): Promise<Value> {
    if (this.#inFlight < this.#options.maxInFlight) {
      this.#alone++;
      return this.#start(() => this.readOne(key));
    }
    return new Promise<Value>((resolve, reject) => {
      const waiting: Waiting<Key, Value> = {
        key,
        resolve,
        reject,
        timer: setTimeout(() => {
          const at = this.#queue.indexOf(waiting);
          if (at >= 0) this.#queue.splice(at, 1);
          reject(new SharedReadTimeoutError(this.#options.queueTimeoutMs));
        }, this.#options.queueTimeoutMs),
      };
      this.#queue.push(waiting);
    });
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

  /** Runs one statement, counted in flight until it settles; a callback that throws at once fails like one that rejects. */
  #start<T>(statement: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    let running: Promise<T>;
    try {
      running = statement();
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.finally(() => this.#next());
  }

  #next(): void {
    this.#inFlight--;
    if (this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#options.maxBatch);
    for (const waiting of batch) clearTimeout(waiting.timer);
    const keys = batch.map((waiting) => waiting.key);
    if (batch.length === 1) this.#alone++;
    else {
      this.#shared++;
      this.#sharedReads += batch.length;
    }
    this.#start(() =>
      batch.length === 1 ? this.readOne(keys[0] as Key).then((value) => [value]) : this.readMany(keys),
    ).then(
      (values) => {
        if (values.length !== batch.length) {
          const error = new Error(`a shared read answered ${values.length} values for ${batch.length} reads`);
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        for (const [i, waiting] of batch.entries()) waiting.resolve(values[i] as Value);
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
