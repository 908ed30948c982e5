import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, afterEach, before, describe, test } from 'node:test';
import { MAX_LATENCY_MS, sampleLatency } from '@deskwire/server';
import type { Keys } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from './sandbox-server.js';

const ORG = 7501;
const OTHER = 7502;
/** Scheduling slack allowed above an injected delay; generous so a loaded CI machine does not flake. */
const SLACK_MS = 1500;

describe('fault rules over HTTP', () => {
  let server: SandboxServer;
  let keys: Keys;
  let otherKeys: Keys;
  let number: number;
  /** The next values the server's random source returns (then 0.5). */
  const draws: number[] = [];

  before(async () => {
    server = await startSandboxServer({ random: () => draws.shift() ?? 0.5 });
    keys = await sandboxTenant(server, ORG, { rateLimit: { max: 100_000, windowMs: 1000 } });
    otherKeys = await sandboxTenant(server, OTHER, { rateLimit: { max: 100_000, windowMs: 1000 } });
    number = await sandboxTicket(server, ORG);
  });
  afterEach(async () => {
    draws.length = 0;
    await server.admin('DELETE', '/faults');
    await server.admin('DELETE', `/tenants/${ORG}/requests`);
  });
  after(() => server.close());

  const addRule = async (rule: object) => {
    const res = await server.admin('POST', '/faults', rule);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; fired: number; createdAt: string };
  };
  const getTicket = (k: Keys = keys, org = ORG) => server.lsq(k, org, 'GET', `/tickets/${number}`);
  const timed = async <T>(work: () => Promise<T>) => {
    const start = performance.now();
    const result = await work();
    return { result, ms: performance.now() - start };
  };
  const lastEntry = async () => {
    const entries = (await server.admin('GET', `/tenants/${ORG}/requests`)).json().requests;
    return entries[entries.length - 1] as { status: number; faultId: string | null; latencyMs: number };
  };

  test('respond: a chosen status, JSON body and headers, for one tenant and one operation only', async () => {
    const body = { Status: 'Error', ExceptionType: 'ServiceUnavailable', ExceptionMessage: 'Try later' };
    const rule = await addRule({
      orgId: ORG,
      operation: 'lsq.getTicket',
      respond: { status: 503, body, headers: { 'Retry-After': '2', 'X-Chaos': 'yes' } },
    });
    const res = await getTicket();
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), body);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.headers['x-chaos'], 'yes');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const entry = await lastEntry();
    assert.equal(entry.status, 503);
    assert.equal(entry.faultId, rule.id);

    const otherOp = await server.lsq(keys, ORG, 'POST', '/conversation/filter', {
      TicketId: number,
      OrgId: ORG,
      ActivityType: ['InboundEmail'],
    });
    assert.equal(otherOp.statusCode, 200, 'another operation is untouched');
    const otherTenant = await server.lsq(otherKeys, OTHER, 'GET', '/tickets/1');
    assert.equal(otherTenant.statusCode, 404, 'another tenant is untouched');
    const unauthenticated = await getTicket({ accessKey: 'x', secretKey: 'y' });
    assert.equal(unauthenticated.statusCode, 401, 'auth still comes first');
    assert.equal((await server.admin('GET', `/faults/${rule.id}`)).json().fired, 1);
  });

  test('respond: a raw body byte for byte, or no body at all', async () => {
    await addRule({
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 502, rawBody: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } },
    });
    await addRule({ operation: 'lsq.getTicket', times: 1, respond: { status: 500 } });
    const raw = await getTicket();
    assert.equal(raw.statusCode, 502);
    assert.equal(raw.body, '<html>Bad Gateway</html>');
    assert.equal(raw.headers['content-type'], 'text/html');
    const empty = await getTicket();
    assert.equal(empty.statusCode, 500);
    assert.equal(empty.body, '');
  });

  test('a fault fires before the body is read: a malformed body still gets the outage', async () => {
    await addRule({ orgId: ORG, operation: 'lsq.createTicket', respond: { status: 503 } });
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${ORG}/tickets`,
      headers: {
        'x-lsq-access-key': keys.accessKey,
        'x-lsq-secret-key': keys.secretKey,
        'content-type': 'application/json',
      },
      payload: '{"not json',
    });
    assert.equal(res.statusCode, 503);
  });

  test('latency, fixed: the real response arrives no sooner than the delay', async () => {
    const rule = await addRule({ orgId: ORG, operation: 'lsq.getTicket', latency: { type: 'fixed', ms: 150 } });
    const { result, ms } = await timed(getTicket);
    assert.equal(result.statusCode, 200, 'latency alone passes the call through');
    assert.ok(ms >= 150, `took ${ms} ms`);
    assert.ok(ms < 150 + SLACK_MS, `took ${ms} ms`);
    const entry = await lastEntry();
    assert.ok(entry.latencyMs >= 150, `journaled ${entry.latencyMs} ms`);
    assert.equal(entry.faultId, rule.id);
  });

  test('latency with a response: delay, then the canned answer', async () => {
    await addRule({ operation: 'lsq.getTicket', latency: { type: 'fixed', ms: 80 }, respond: { status: 504 } });
    const { result, ms } = await timed(getTicket);
    assert.equal(result.statusCode, 504);
    assert.ok(ms >= 80, `took ${ms} ms`);
  });

  test('latency, uniform: each delay is min + r × (max − min) for the injected r', async () => {
    await addRule({ operation: 'lsq.getTicket', latency: { type: 'uniform', minMs: 40, maxMs: 240 } });
    for (const [r, want] of [
      [0, 40],
      [0.5, 140],
      [0.999, 240],
    ] as const) {
      draws.push(r);
      const { result, ms } = await timed(getTicket);
      assert.equal(result.statusCode, 200);
      assert.ok(ms >= want - 1 && ms < want + SLACK_MS, `r=${r}: took ${ms} ms, want ≥ ${want}`);
      const entry = await lastEntry();
      assert.ok(entry.latencyMs >= want - 1 && entry.latencyMs <= 240 + SLACK_MS, `journaled ${entry.latencyMs}`);
    }
  });

  test('latency, lognormal: the median at z = 0, and the tail capped by maxMs', async () => {
    await addRule({ operation: 'lsq.getTicket', latency: { type: 'lognormal', medianMs: 50, sigma: 1, maxMs: 120 } });
    draws.push(0, 0.25); // u = 1 → z = 0 → the median
    const median = await timed(getTicket);
    assert.ok(median.ms >= 49 && median.ms < 50 + SLACK_MS, `median: ${median.ms} ms`);
    draws.push(0.999, 0); // u = 0.001 → z ≈ 3.7 → 50·e^3.7 ≈ 2 s, capped at 120 ms
    const tail = await timed(getTicket);
    assert.ok(tail.ms >= 119 && tail.ms < 120 + SLACK_MS, `tail: ${tail.ms} ms`);
  });

  test('probability 0 never fires; probability p fires when the draw is below p', async () => {
    const never = await addRule({ operation: '*', probability: 0, respond: { status: 500 } });
    for (let i = 0; i < 30; i++) assert.equal((await getTicket()).statusCode, 200);
    assert.equal((await server.admin('GET', `/faults/${never.id}`)).json().fired, 0);
    await server.admin('DELETE', `/faults/${never.id}`);

    const half = await addRule({ operation: 'lsq.getTicket', probability: 0.5, respond: { status: 503 } });
    draws.push(0.4, 0.6, 0.1, 0.5);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getTicket()).statusCode);
    assert.deepEqual(statuses, [503, 200, 503, 200]);
    assert.equal((await server.admin('GET', `/faults/${half.id}`)).json().fired, 2);
  });

  test('times: the rule stops after affecting that many requests', async () => {
    const rule = await addRule({ orgId: ORG, operation: 'lsq.getTicket', times: 2, respond: { status: 503 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getTicket()).statusCode);
    assert.deepEqual(statuses, [503, 503, 200, 200]);
    const listed = (await server.admin('GET', `/faults?orgId=${ORG}`)).json().rules;
    assert.deepEqual(
      listed.map((r: { id: string; fired: number; times: number }) => [r.id, r.fired, r.times]),
      [[rule.id, 2, 2]],
    );
  });

  test('the first rule that matches and fires wins; patterns and all-tenant rules match', async () => {
    await addRule({ id: 'maybe', operation: 'lsq.getTicket', probability: 0.5, respond: { status: 418 } });
    await addRule({ id: 'lsq-all', operation: 'lsq.*', respond: { status: 503 } });
    draws.push(0.9); // 'maybe' does not fire, so 'lsq-all' does
    assert.equal((await getTicket()).statusCode, 503);
    draws.push(0.1);
    assert.equal((await getTicket()).statusCode, 418);
    assert.equal((await getTicket(otherKeys, OTHER)).statusCode, 503, 'a rule without orgId covers every tenant');
  });

  test('rules are validated, listed, read and removed', async () => {
    const invalid: Array<[object, number, string]> = [
      [{ operation: 'lsq.getTicket' }, 400, 'ValidationError'],
      [{ respond: { status: 503 }, drop: true }, 400, 'ValidationError'],
      [{ respond: { status: 503, body: {}, rawBody: 'x' } }, 400, 'ValidationError'],
      [{ respond: { status: 503, headers: { 'Content-Length': '1' } } }, 400, 'ValidationError'],
      [{ respond: { status: 99 } }, 400, 'ValidationError'],
      [{ latency: { type: 'uniform', minMs: 10, maxMs: 5 } }, 400, 'ValidationError'],
      [{ latency: { type: 'fixed', ms: 10 }, probability: 1.5 }, 400, 'ValidationError'],
      [{ latency: { type: 'gaussian', ms: 10 } }, 400, 'ValidationError'],
      [{ latency: { type: 'fixed', ms: 10 }, operation: 'lsq get' }, 400, 'ValidationError'],
      [{ latency: { type: 'fixed', ms: 10 }, orgId: 999999 }, 404, 'TenantNotFound'],
    ];
    for (const [rule, status, code] of invalid) {
      const res = await server.admin('POST', '/faults', rule);
      assert.equal(res.statusCode, status, `${JSON.stringify(rule)}: ${res.body}`);
      assert.equal(res.json().ExceptionType, code);
    }
    // Issue 15 item 6: a rule that can never fire, or whose header would answer a raw 500, is refused
    // with a message naming the problem.
    const named: Array<[object, RegExp]> = [
      [
        { drop: true, operation: 'lsq.getTickt' },
        /operation 'lsq\.getTickt' is not an operation; known: .*lsq\.getTicket/,
      ],
      [{ drop: true, operation: 'lsq.zzz*' }, /operation 'lsq\.zzz\*' matches no operation/],
      [{ respond: { status: 503, headers: { 'X-A': 'a\r\nSet-Cookie: x=1' } } }, /respond\.headers\['X-A'\].*RFC 9110/],
      [{ respond: { status: 503, headers: { 'X-A': 'caf\u00e9' } } }, /respond\.headers\['X-A'\].*non-ASCII/],
      [{ respond: { status: 503, headers: { 'X-A': '\u{1F600}' } } }, /respond\.headers\['X-A'\]/],
      [{ respond: { status: 503, headers: { 'X-A': ' padded' } } }, /respond\.headers\['X-A'\]/],
      [{ respond: { status: 503, headers: { 'X-A': 'nul\u0000' } } }, /respond\.headers\['X-A'\]/],
    ];
    for (const [rule, message] of named) {
      const res = await server.admin('POST', '/faults', rule);
      assert.equal(res.statusCode, 400, `${JSON.stringify(rule)}: ${res.body}`);
      assert.equal(res.json().ExceptionType, 'ValidationError');
      assert.match(res.json().ExceptionMessage, message);
    }
    const pattern = await addRule({
      operation: 'kapture.get*',
      respond: { status: 503, headers: { 'X-A': 'a b\tc' } },
    });
    assert.equal((await server.admin('DELETE', `/faults/${pattern.id}`)).statusCode, 204);
    const made = await addRule({ id: 'mine', orgId: ORG, drop: true, operation: 'lsq.addPortalActivity' });
    assert.deepEqual(made, {
      id: 'mine',
      orgId: ORG,
      operation: 'lsq.addPortalActivity',
      probability: 1,
      times: null,
      latency: null,
      respond: null,
      drop: true,
      fired: 0,
      createdAt: made.createdAt,
    });
    const duplicate = await server.admin('POST', '/faults', { id: 'mine', drop: true });
    assert.equal(duplicate.statusCode, 400);
    await addRule({ drop: true, operation: 'lsq.addPortalActivity' });
    assert.equal((await server.admin('GET', '/faults')).json().rules.length, 2);
    assert.equal((await server.admin('GET', `/faults?orgId=${ORG}`)).json().rules.length, 1);
    assert.equal((await server.admin('DELETE', '/faults/mine')).statusCode, 204);
    const gone = await server.admin('DELETE', '/faults/mine');
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().ExceptionType, 'FaultRuleNotFound');
    assert.equal((await server.admin('GET', '/faults/mine')).statusCode, 404);
    assert.deepEqual((await server.admin('DELETE', '/faults')).json(), { removed: 1 });
  });

  describe('over a real socket', () => {
    let base: string;
    before(async () => {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const address = server.app.server.address();
      assert.ok(address && typeof address === 'object');
      base = `http://127.0.0.1:${address.port}`;
    });
    /** One GET on its own connection (no pooled keep-alive sockets to outlive the test). */
    const fetchTicket = (timeoutMs = 5000) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpGet(
          `${base}/api/tenants/${ORG}/tickets/${number}`,
          { agent: false, headers: { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey } },
          (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (chunk: string) => {
              body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            res.on('error', reject);
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'TIMEOUT' })));
        req.on('error', reject);
      });

    test('drop: the connection closes without any response; the journal says status 0', async () => {
      const rule = await addRule({ orgId: ORG, operation: 'lsq.getTicket', times: 1, drop: true });
      await assert.rejects(fetchTicket(), (error: NodeJS.ErrnoException) => {
        assert.match(String(error.code), /^(ECONNRESET|EPIPE)$/, `a reset connection, not a timeout: ${error.message}`);
        return true;
      });
      const entry = await lastEntry();
      assert.equal(entry.status, 0);
      assert.equal(entry.faultId, rule.id);
      const next = await fetchTicket();
      assert.equal(next.status, 200, 'the server keeps serving after a drop');
    });

    test('drop after latency: the client waits, then loses the connection', async () => {
      await addRule({
        orgId: ORG,
        operation: 'lsq.getTicket',
        times: 1,
        drop: true,
        latency: { type: 'fixed', ms: 100 },
      });
      const start = performance.now();
      await assert.rejects(fetchTicket());
      assert.ok(performance.now() - start >= 100);
    });

    test('a client that gives up during injected latency is journaled as status 0, and the wait ends', async () => {
      await addRule({ orgId: ORG, operation: 'lsq.getTicket', times: 1, latency: { type: 'fixed', ms: 3000 } });
      await assert.rejects(fetchTicket(150), { code: 'TIMEOUT' });
      let entry = await lastEntry();
      for (let i = 0; i < 50 && entry?.status !== 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        entry = await lastEntry();
      }
      assert.equal(entry.status, 0);
      assert.ok(entry.latencyMs < 2000, `the server stopped waiting (${entry.latencyMs} ms)`);
    });
  });
});

describe('sampleLatency', () => {
  const fixed = (...values: number[]) => {
    const queue = [...values];
    return () => queue.shift() ?? 0;
  };

  test('fixed, uniform and lognormal follow their formulas and stay within bounds', () => {
    assert.equal(sampleLatency({ type: 'fixed', ms: 25 }, fixed()), 25);
    assert.equal(sampleLatency({ type: 'uniform', minMs: 10, maxMs: 20 }, fixed(0)), 10);
    assert.equal(sampleLatency({ type: 'uniform', minMs: 10, maxMs: 20 }, fixed(0.5)), 15);
    assert.equal(sampleLatency({ type: 'lognormal', medianMs: 100, sigma: 0.5 }, fixed(0, 0.3)), 100);
    const z = Math.sqrt(-2 * Math.log(0.5)); // u = 0.5, v = 0 → z = √(2 ln 2)
    assert.equal(
      sampleLatency({ type: 'lognormal', medianMs: 100, sigma: 0.5 }, fixed(0.5, 0)),
      Math.round(100 * Math.exp(0.5 * z)),
    );
    assert.equal(sampleLatency({ type: 'lognormal', medianMs: 100, sigma: 3, maxMs: 150 }, fixed(0.999, 0)), 150);
    assert.equal(sampleLatency({ type: 'lognormal', medianMs: 500_000, sigma: 5 }, fixed(0.999, 0)), MAX_LATENCY_MS);
  });

  test('10 000 random draws never leave [min, max]', () => {
    for (let i = 0; i < 10_000; i++) {
      const u = sampleLatency({ type: 'uniform', minMs: 5, maxMs: 9 }, Math.random);
      assert.ok(u >= 5 && u <= 9);
      const l = sampleLatency({ type: 'lognormal', medianMs: 20, sigma: 2, maxMs: 400 }, Math.random);
      assert.ok(l >= 0 && l <= 400);
    }
  });
});
