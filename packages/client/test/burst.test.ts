// 200 reads through one client at a server that allows 25 calls per 5 s (the vendor's documented
// budget and Deskwire's default), over loopback sockets. Takes ~35 s by nature: 8 windows of 25.
// The timing itself is measured in bench/client-burst.ts; this test checks what must never happen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LeadSquaredClient } from '@deskwire/client';
import { DEMO_ORG, startServer, type TestServer } from './helpers/deskwire-server.js';

const CALLS = 200;
const MAX = 25;
const WINDOW_MS = 5000;

/** The most timestamps that fall in any half-open window `[t, t + windowMs)`. */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('a burst of 200 reads against a 25-per-5-s server', () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startServer();
    base = await server.listen();
  });
  after(() => server.close());

  test(
    'no 429 reaches the caller (nor the wire), and never more than 25 calls in any 5 s',
    { timeout: 120_000 },
    async () => {
      const sentAt: number[] = [];
      const statuses: number[] = [];
      const lsq = new LeadSquaredClient({
        host: base,
        orgId: DEMO_ORG,
        ...server.demo,
        debug: (event) => {
          if (event.type === 'request') sentAt.push(event.at);
          if (event.type === 'response') statuses.push(event.status);
        },
      });
      const started = performance.now();
      const tickets = await Promise.all(Array.from({ length: CALLS }, () => lsq.getTicket(143)));
      const elapsed = performance.now() - started;

      assert.equal(tickets.length, CALLS);
      assert.ok(tickets.every((t) => t.Id === '143'));
      assert.equal(statuses.length, CALLS, 'one attempt per call: nothing was retried');
      assert.deepEqual(
        statuses.filter((s) => s !== 200),
        [],
        'the server answered no 429 at all',
      );
      assert.ok(busiestWindow(sentAt, WINDOW_MS) <= MAX, `at most ${MAX} sends in any ${WINDOW_MS} ms`);

      // The server's own record of arrivals (sandbox journal): all 200, none limited.
      const journal = (await server.journal()).filter((e) => e.operation === 'lsq.getTicket');
      assert.equal(journal.length, CALLS);
      assert.ok(journal.every((e) => e.status === 200));

      const minimum = (Math.ceil(CALLS / MAX) - 1) * WINDOW_MS;
      console.log(
        `burst: ${CALLS} calls in ${(elapsed / 1000).toFixed(2)} s; theoretical minimum ${minimum / 1000} s; ratio ${(elapsed / minimum).toFixed(4)}`,
      );
    },
  );
});
