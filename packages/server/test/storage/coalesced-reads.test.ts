/** CoalescedReads: reads run alone until `maxInFlight` statements run; then queued reads share the next one. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CoalescedReads, PostgresAdapter, SharedReadTimeoutError } from '@deskwire/server';

/** A statement the test finishes by hand: what it was asked for, and its resolve/reject. */
interface Statement {
  keys: number[];
  finish: (values?: string[]) => void;
  fail: (error: Error) => void;
}

function harness(maxInFlight: number, maxBatch = 64, queueTimeoutMs = 60_000) {
  const statements: Statement[] = [];
  const start = (keys: number[]) =>
    new Promise<string[]>((resolve, reject) =>
      statements.push({
        keys,
        finish: (values) => resolve(values ?? keys.map((key) => `v${key}`)),
        fail: reject,
      }),
    );
  const reads = new CoalescedReads<number, string>(
    async (key) => (await start([key]))[0] as string,
    (keys) => start([...keys]),
    { maxInFlight, maxBatch, queueTimeoutMs },
  );
  return { reads, statements };
}

const settle = () => new Promise(setImmediate);

/** Reads 2 and 3 sent to one shared statement (`statements[1]`), once read 1's statement (alone) has finished. */
async function twoSharing() {
  const { reads, statements } = harness(1);
  const first = reads.read(1);
  const carried = [reads.read(2), reads.read(3)];
  statements[0]?.finish();
  await first;
  await settle();
  assert.deepEqual(statements[1]?.keys, [2, 3]);
  return { reads, statements, carried };
}

describe('CoalescedReads', () => {
  test('below maxInFlight each read runs alone at once (a quiet server adds no wait)', async () => {
    const { reads, statements } = harness(2);
    const a = reads.read(1);
    const b = reads.read(2);
    assert.deepEqual(
      statements.map((s) => s.keys),
      [[1], [2]],
    );
    for (const s of statements) s.finish();
    assert.deepEqual(await Promise.all([a, b]), ['v1', 'v2']);
    await settle();
    assert.deepEqual(reads.load, { inFlight: 0, queued: 0, alone: 2, shared: 0, sharedReads: 0 });
  });

  test('at maxInFlight reads queue, and the next statement takes them all, each answered with its own value', async () => {
    const { reads, statements } = harness(1);
    const first = reads.read(1);
    const queued = [2, 3, 4].map((key) => reads.read(key));
    assert.equal(statements.length, 1, 'nothing starts while the one statement runs');
    assert.equal(reads.load.queued, 3);
    statements[0]?.finish();
    assert.equal(await first, 'v1');
    await settle();
    assert.deepEqual(statements[1]?.keys, [2, 3, 4], 'one statement for the three queued reads, in order');
    statements[1]?.finish(['a', 'b', 'c']);
    assert.deepEqual(await Promise.all(queued), ['a', 'b', 'c']);
    await settle();
    assert.deepEqual(reads.load, { inFlight: 0, queued: 0, alone: 1, shared: 1, sharedReads: 3 });
  });

  test('a read asked while a statement runs never joins it: its own statement starts later', async () => {
    const { reads, statements } = harness(1);
    const early = reads.read(1);
    const late = reads.read(1);
    assert.equal(statements.length, 1);
    statements[0]?.finish(['before the commit']);
    assert.equal(await early, 'before the commit');
    await settle();
    assert.equal(statements.length, 2, 'the later read got a statement of its own');
    statements[1]?.finish(['after the commit']);
    assert.equal(await late, 'after the commit');
  });

  test('maxBatch caps a shared statement; the rest wait for the next', async () => {
    const { reads, statements } = harness(1, 2);
    const all = [1, 2, 3, 4, 5].map((key) => reads.read(key));
    statements[0]?.finish();
    await settle();
    assert.deepEqual(statements[1]?.keys, [2, 3]);
    statements[1]?.finish();
    await settle();
    assert.deepEqual(statements[2]?.keys, [4, 5]);
    statements[2]?.finish();
    assert.deepEqual(await Promise.all(all), ['v1', 'v2', 'v3', 'v4', 'v5']);
  });

  test('a failed statement fails the reads it carried, and only those; later reads run', async () => {
    const { reads, statements, carried } = await twoSharing();
    const next = reads.read(4);
    statements[1]?.fail(new Error('connection lost'));
    for (const read of carried) await assert.rejects(read, /connection lost/);
    await settle();
    assert.deepEqual(statements[2]?.keys, [4]);
    statements[2]?.finish();
    assert.equal(await next, 'v4');
  });

  test('a shared statement that answers the wrong number of values fails its reads instead of misanswering', async () => {
    const { statements, carried } = await twoSharing();
    statements[1]?.finish(['only one']);
    for (const read of carried) await assert.rejects(read, /answered 1 values for 2 reads/);
  });

  test('a read queued past queueTimeoutMs fails alone with a transient error (a 503), and the queue goes on', async () => {
    const { reads, statements } = harness(1, 64, 30);
    const first = reads.read(1);
    const late = reads.read(2);
    await assert.rejects(late, SharedReadTimeoutError);
    assert.equal(reads.load.queued, 0, 'the timed-out read left the queue');
    assert.equal(
      new PostgresAdapter({ connectionString: 'postgres://x@127.0.0.1/x' }).classifyError(
        new SharedReadTimeoutError(30),
      ),
      'busy',
    );
    const next = reads.read(3);
    statements[0]?.finish();
    assert.equal(await first, 'v1');
    await settle();
    assert.deepEqual(statements[1]?.keys, [3], 'only the read still waiting is sent');
    statements[1]?.finish();
    assert.equal(await next, 'v3');
  });

  test('a read function that throws at once fails its reads and frees its slot', async () => {
    let calls = 0;
    const reads = new CoalescedReads<number, string>(
      (key) => {
        calls++;
        if (key === 1) throw new Error('bad key');
        return Promise.resolve(`v${key}`);
      },
      () => {
        throw new Error('bad batch');
      },
      { maxInFlight: 1, maxBatch: 8, queueTimeoutMs: 60_000 },
    );
    await assert.rejects(reads.read(1), /bad key/);
    assert.equal(await reads.read(2), 'v2', 'the slot was freed');
    const held = reads.read(2);
    const batch = [reads.read(3), reads.read(4)];
    assert.equal(await held, 'v2');
    for (const read of batch) await assert.rejects(read, /bad batch/);
    await settle();
    assert.deepEqual(reads.load.inFlight, 0);
    assert.equal(calls, 3);
  });

  test('refuses limits that are not whole numbers in range', () => {
    const one = async () => 1;
    const many = async () => [];
    for (const options of [
      { maxInFlight: 0, maxBatch: 8, queueTimeoutMs: 1000 },
      { maxInFlight: 1.5, maxBatch: 8, queueTimeoutMs: 1000 },
      { maxInFlight: 1, maxBatch: 1, queueTimeoutMs: 1000 },
      { maxInFlight: 1, maxBatch: 8, queueTimeoutMs: 0 },
    ]) {
      assert.throws(() => new CoalescedReads(one, many, options), RangeError, JSON.stringify(options));
    }
  });
});
