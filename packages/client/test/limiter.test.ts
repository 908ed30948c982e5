// The rate limiter on a virtual clock: exact admission times, pauses, aborts, priority.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Permit, RateLimiter } from '@deskwire/client';
import { flush, VirtualClock } from './helpers/virtual-clock.js';

/** Acquires `n` permits, recording when each was granted; each call "takes" `callMs`. */
function burst(limiter: RateLimiter, clock: VirtualClock, n: number, callMs = 0) {
  const grantedAt: number[] = [];
  const start = clock.now();
  const done = Array.from({ length: n }, async () => {
    const permit = await limiter.acquire();
    grantedAt.push(clock.now() - start);
    if (callMs > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, callMs));
    permit.release();
  });
  return { grantedAt, done: Promise.all(done) };
}

describe('RateLimiter', () => {
  test('never more than max calls in any window; the rest queue in order', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 25, windowMs: 5000, marginMs: 0 }, clock);
    const { grantedAt, done } = burst(limiter, clock, 60);
    await flush();
    assert.equal(grantedAt.length, 25);
    assert.equal(limiter.queued, 35);
    await clock.advance(4999);
    assert.equal(grantedAt.length, 25, 'nothing before the window is over');
    await clock.advance(1);
    assert.equal(grantedAt.length, 50);
    await clock.advance(5000);
    await done;
    assert.deepEqual([...new Set(grantedAt)], [0, 5000, 10000], '25 at 0 s, 25 at 5 s, 10 at 10 s');
  });

  test('a slot frees windowMs after its call ended, not after it started', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 2, windowMs: 1000, marginMs: 0 }, clock);
    const { grantedAt, done } = burst(limiter, clock, 4, 300);
    await clock.advance(5000);
    await done;
    assert.deepEqual(grantedAt, [0, 0, 1300, 1300]);
  });

  test('marginMs is added to every release', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 1, windowMs: 1000, marginMs: 10 }, clock);
    const { grantedAt, done } = burst(limiter, clock, 3);
    await clock.advance(5000);
    await done;
    assert.deepEqual(grantedAt, [0, 1010, 2020]);
  });

  test('pause holds every queued and new call until it ends', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 10, windowMs: 1000, marginMs: 0 }, clock);
    limiter.pause(3000);
    const { grantedAt, done } = burst(limiter, clock, 3);
    await clock.advance(2999);
    assert.deepEqual(grantedAt, []);
    await clock.advance(1);
    await done;
    assert.deepEqual(grantedAt, [3000, 3000, 3000]);
  });

  test('an aborted waiter leaves the queue; the next one moves up', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 1, windowMs: 1000, marginMs: 0 }, clock);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('stop'));
    await assert.rejects(aborted, /stop/);
    assert.equal(limiter.queued, 1);
    held.release();
    await clock.advance(1000);
    const permit: Permit = await next;
    permit.release();
    permit.release(); // idempotent
    assert.equal(limiter.queued, 0);
  });

  test('priority waiters (retries) go first', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ max: 1, windowMs: 100, marginMs: 0 }, clock);
    const order: string[] = [];
    const held = await limiter.acquire();
    const a = limiter.acquire().then((p) => {
      order.push('a');
      p.release();
    });
    const retry = limiter.acquire(undefined, true).then((p) => {
      order.push('retry');
      p.release();
    });
    held.release();
    await clock.advance(1000);
    await Promise.all([a, retry]);
    assert.deepEqual(order, ['retry', 'a']);
  });

  test('refuses a nonsensical budget', () => {
    assert.throws(() => new RateLimiter({ max: 0, windowMs: 1000 }), RangeError);
    assert.throws(() => new RateLimiter({ max: 1.5, windowMs: 1000 }), RangeError);
  });
});
