// Per-attempt timeouts and caller AbortSignals, on real sockets with the server's latency faults.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type DebugEvent, type DeskwireClientError, isDeskwireClientError, LeadSquaredClient } from '@deskwire/client';
import { DEMO_LEAD, DEMO_ORG, startServer, type TestServer } from './helpers/deskwire-server.js';

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
  return error;
}

describe('timeouts and aborts', () => {
  let server: TestServer;
  let base: string;
  let events: DebugEvent[] = [];
  const slow = (operation: string, times = 1) =>
    server.fault({ orgId: DEMO_ORG, operation, times, latency: { type: 'fixed', ms: 3000 } });
  const client = (options: { timeout?: number; rateLimit?: { max: number; windowMs: number } } = {}) =>
    new LeadSquaredClient({
      host: base,
      orgId: DEMO_ORG,
      ...server.demo,
      timeout: options.timeout ?? 150,
      retry: { minDelayMs: 20, maxDelayMs: 40 },
      debug: (e) => events.push(e),
      ...(options.rateLimit && { rateLimit: options.rateLimit }),
    });

  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    base = await server.listen();
  });
  afterEach(async () => {
    await server.clearFaults();
    events = [];
  });
  after(() => server.close());

  test('a read that times out is retried, and succeeds when the server answers in time', async () => {
    await slow('lsq.getTicket');
    const started = Date.now();
    assert.equal((await client().getTicket(143)).Id, '143');
    const retry = events.find((e) => e.type === 'retry');
    assert.ok(retry?.type === 'retry' && retry.code === 'TIMEOUT');
    assert.ok(Date.now() - started < 2000, 'did not wait for the slow response');
  });

  test('a read that keeps timing out ends in TIMEOUT (status 0) after the retries', async () => {
    await slow('lsq.getTicket', 10);
    const error = await rejection(client({ timeout: 100 }).getTicket(143, { retries: 1 }));
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.status, 0);
    assert.equal(error.attempts, 2);
  });

  test('a per-call timeout overrides the client default', async () => {
    await slow('lsq.getTicket');
    const error = await rejection(client({ timeout: 60_000 }).getTicket(143, { timeout: 100, retries: 0 }));
    assert.equal(error.code, 'TIMEOUT');
    assert.match(error.message, /100 ms/);
  });

  test('a write that times out is not retried', async () => {
    await slow('lsq.addInternalNote');
    const error = await rejection(
      client().postInternalNote({
        TextPart: 'n',
        ActivityType: 'CreateInternalNote',
        StorageType: 'Permament',
        RelatedTicketId: 143,
      }),
    );
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.attempts, 1);
    assert.equal(events.filter((e) => e.type === 'retry').length, 0);
  });

  test('aborting a call in flight: ABORTED, never retried', async () => {
    await slow('lsq.getTicket');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(client({ timeout: 10_000 }).getTicket(143, { signal: controller.signal }));
    assert.equal(error.code, 'ABORTED');
    assert.equal(error.status, 0);
    assert.equal(error.attempts, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const error = await rejection(client().getTicket(143, { signal: AbortSignal.abort() }));
    assert.equal(error.code, 'ABORTED');
    assert.equal(events.filter((e) => e.type === 'request').length, 0);
  });

  test("AbortSignal.timeout() as the caller's deadline is TIMEOUT and ends the retries", async () => {
    await slow('lsq.getTicket', 10);
    const started = Date.now();
    const error = await rejection(
      client({ timeout: 100 }).getTicket(143, { retries: 10, signal: AbortSignal.timeout(250) }),
    );
    assert.equal(error.code, 'TIMEOUT');
    assert.ok(Date.now() - started < 1500);
  });

  test('aborting a call queued behind the rate limit: it leaves the queue unsent', async () => {
    const lsq = client({ rateLimit: { max: 1, windowMs: 60_000 }, timeout: 5000 });
    await lsq.getTicket(143);
    const controller = new AbortController();
    const queued = lsq.getTicket(143, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await rejection(queued);
    assert.equal(error.code, 'ABORTED');
    assert.equal(events.filter((e) => e.type === 'request').length, 1, 'only the first call was sent');
    assert.ok(events.some((e) => e.type === 'queued'));
  });

  test('aborting during a backoff wait', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.getTicket', times: 5, respond: { status: 503 } });
    const controller = new AbortController();
    const lsq = new LeadSquaredClient({
      host: base,
      orgId: DEMO_ORG,
      ...server.demo,
      retry: { minDelayMs: 10_000, maxDelayMs: 10_000 },
      debug: (e) => {
        if (e.type === 'retry') controller.abort();
      },
    });
    const started = Date.now();
    const error = await rejection(lsq.getTicket(143, { signal: controller.signal }));
    assert.equal(error.code, 'ABORTED');
    assert.ok(Date.now() - started < 2000);
  });

  test('uploads are bounded by the timeout too', async () => {
    await slow('lsq.createTicket');
    const error = await rejection(
      client().createTicketWithAttachments(
        { TypeId: '1', LeadId: DEMO_LEAD, Fields: [{ SchemaName: 'Title', Value: 't' }], RelatedTicketTypeId: 1 },
        [{ data: Buffer.from('x'), fileName: 'x.txt' }],
      ),
    );
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.attempts, 1);
  });
});
