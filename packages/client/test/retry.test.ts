// Retries by operation, not by status: reads retry on network errors, 429 and 5xx; writes never
// once the request may have reached the server. Faults come from the server's sandbox fault rules
// (docs/sandbox.md); backoff runs on a virtual clock, so no test waits for real.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  backoffDelay,
  DEFAULT_RETRY,
  type DebugEvent,
  type DeskwireClientError,
  isDeskwireClientError,
  LeadSquaredClient,
  type LeadSquaredClientOptions,
} from '@deskwire/client';
import type { LsqCreateTicketRequest } from '@deskwire/wire';
import {
  DEMO_LEAD,
  DEMO_ORG,
  INJECT_HOST,
  refusedUrl,
  startServer,
  type TestServer,
} from './helpers/deskwire-server.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const createBody: LsqCreateTicketRequest = {
  TypeId: '1',
  LeadId: DEMO_LEAD,
  Fields: [{ SchemaName: 'Title', Value: 'Retry test' }],
  RelatedTicketTypeId: 1,
};

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
  return error;
}

describe('retries (sandbox fault rules, virtual clock)', () => {
  let server: TestServer;
  let events: DebugEvent[];
  let clock: VirtualClock;
  const client = (options: Partial<LeadSquaredClientOptions> = {}) =>
    new LeadSquaredClient({
      host: INJECT_HOST,
      orgId: DEMO_ORG,
      ...server.demo,
      fetch: server.fetch,
      clock,
      random: () => 0.5,
      timeout: Number.POSITIVE_INFINITY,
      debug: (e) => events.push(e),
      ...options,
    });
  const retries = () => events.filter((e) => e.type === 'retry');
  const journal = async (operation: string) => (await server.journal()).filter((e) => e.operation === operation);

  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
  });
  afterEach(async () => {
    await server.clearFaults();
    events = [];
    clock = new VirtualClock({ auto: true });
  });
  before(() => {
    events = [];
    clock = new VirtualClock({ auto: true });
  });
  after(() => server.close());

  test('a read retries 5xx with jittered exponential backoff, then succeeds', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 2,
      respond: {
        status: 503,
        body: { Status: 'Error', ExceptionType: 'ServiceUnavailable', ExceptionMessage: 'busy' },
      },
    });
    const started = clock.now();
    const ticket = await client().getTicket(143);
    assert.equal(ticket.Id, '143');
    // random 0.5 → factor 0.75: 500·0.75 = 375 → floor 500; 1000·0.75 = 750.
    assert.deepEqual(
      retries().map((e) => e.type === 'retry' && [e.attempt, e.status, e.delayMs]),
      [
        [1, 503, 500],
        [2, 503, 750],
      ],
    );
    assert.equal(clock.now() - started, 1250, 'the waits happened, on the virtual clock');
    const calls = await journal('lsq.getTicket');
    assert.deepEqual(
      calls.slice(-3).map((e) => e.status),
      [503, 503, 200],
    );
  });

  test('a read gives up after `retries` and reports every attempt', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.getTicket', times: 10, respond: { status: 500 } });
    const error = await rejection(client({ retry: { retries: 3 } }).getTicket(143));
    assert.equal(error.code, 'SERVER');
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 4);
    assert.equal(retries().length, 3);
  });

  test('L5 conversation/filter is a POST but a read: retried', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.listConversations', times: 1, respond: { status: 502 } });
    const result = await client().getTicketConversations({
      TicketId: 143,
      OrgId: DEMO_ORG,
      ActivityType: ['InboundEmail'],
    });
    assert.equal(result.Total, 2);
    assert.equal(retries().length, 1);
  });

  test('per-call `retries: 0` turns retries off', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.getTicket', times: 1, respond: { status: 503 } });
    const error = await rejection(client().getTicket(143, { retries: 0 }));
    assert.equal(error.attempts, 1);
  });

  test('a write is never retried after a 5xx: no duplicate ticket', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.createTicket', times: 1, respond: { status: 503 } });
    const before = (await journal('lsq.createTicket')).length;
    const error = await rejection(client().createTicket(createBody));
    assert.equal(error.code, 'SERVER');
    assert.equal(error.attempts, 1);
    assert.equal(retries().length, 0);
    assert.equal((await journal('lsq.createTicket')).length, before + 1, 'sent exactly once');
  });

  test('notes, updates, portal activities and trash are writes too', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.addInternalNote', times: 1, respond: { status: 500 } });
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.updateTicket', times: 1, respond: { status: 500 } });
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.addPortalActivity', times: 1, respond: { status: 500 } });
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.trashTickets', times: 1, respond: { status: 500 } });
    const lsq = client();
    const errors = await Promise.all([
      rejection(lsq.tickets.addNote(143, 'n')),
      rejection(lsq.tickets.updateTicket(143, { priority: 'Low' })),
      rejection(lsq.addPortalActivity(143, { Text: 'p', Direction: 'INBOUND' })),
      rejection(lsq.trashTickets({ TicketIds: ['99999'] })),
    ]);
    assert.deepEqual(
      errors.map((e) => [e.code, e.attempts]),
      [
        ['SERVER', 1],
        ['SERVER', 1],
        ['SERVER', 1],
        ['SERVER', 1],
      ],
    );
  });

  test('retryUnsafe opts a write in (per client or per call)', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.createTicket', times: 1, respond: { status: 503 } });
    const created = await client().createTicket(createBody, { retryUnsafe: true });
    assert.equal(created.Status, 'Success');
    assert.equal(retries().length, 1);
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.createTicket', times: 1, respond: { status: 503 } });
    assert.equal((await client({ retry: { retryUnsafe: true } }).createTicket(createBody)).Status, 'Success');
  });

  test('a 429 pauses the credential queue for Retry-After; a read then retries behind it', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: {
        status: 429,
        headers: { 'retry-after': '2' },
        body: {
          Status: 'Error',
          ExceptionType: 'RateLimitExceeded',
          ExceptionMessage: 'API calls exceeded the limit of 25 in 5 second(s)',
        },
      },
    });
    // As the 429 is seen (the debug hook runs synchronously), two more calls join the queue: they
    // must wait out the pause as well, whatever else happens.
    const others: Array<Promise<unknown>> = [];
    let pausedAt = 0;
    const lsq: LeadSquaredClient = client({
      rateLimit: { max: 25, windowMs: 5000 },
      debug: (e) => {
        events.push(e);
        if (e.type === 'rate-limited' && others.length === 0) {
          pausedAt = clock.now();
          others.push(lsq.getTicket(143), lsq.getLookupValues('Status'));
        }
      },
    });
    await lsq.getTicket(143);
    await Promise.all(others);
    const paused = events.find((e) => e.type === 'rate-limited');
    assert.ok(paused?.type === 'rate-limited' && paused.pauseMs === 2000);
    const sends = events.filter((e) => e.type === 'request').map((e) => (e.type === 'request' ? e.at - pausedAt : -1));
    assert.equal(sends.length, 4, 'the 429, its retry, and the two calls that joined');
    assert.ok(
      sends.slice(1).every((t) => t >= 2000),
      `nothing was sent during the pause: ${sends}`,
    );
  });

  test('a 429 on a write is thrown (with retryAfterMs), never retried, and still pauses the queue', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.createTicket',
      times: 1,
      respond: { status: 429, headers: { 'retry-after': '3' } },
    });
    const lsq = client({ rateLimit: { max: 25, windowMs: 5000 } });
    const error = await rejection(lsq.createTicket(createBody));
    assert.equal(error.code, 'RATE_LIMITED');
    assert.equal(error.retryAfterMs, 3000);
    assert.equal(error.attempts, 1);
    const at = clock.now();
    await lsq.getTicket(143);
    const sent = events.filter((e) => e.type === 'request').at(-1);
    assert.ok(sent?.type === 'request' && sent.at >= at + 3000 - 1);
  });

  test('a 429 without Retry-After pauses one whole window; a longer Retry-After than allowed is thrown', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.getTicket', times: 1, respond: { status: 429 } });
    await client({ rateLimit: { max: 25, windowMs: 5000 } }).getTicket(143);
    const pause = events.find((e) => e.type === 'rate-limited');
    assert.ok(pause?.type === 'rate-limited' && pause.pauseMs === 5000);

    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 429, headers: { 'retry-after': '120' } },
    });
    const error = await rejection(client().getTicket(143));
    assert.equal(error.code, 'RATE_LIMITED');
    assert.equal(error.retryAfterMs, 120_000);
    assert.equal(error.attempts, 1);
  });

  test('a 4xx other than 429 is never retried', async () => {
    const error = await rejection(client().getTicket(424242));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.attempts, 1);
  });

  test('a response that breaks the contract is CONTRACT, with the raw body, and not retried', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 200, body: { Id: 143 } },
    });
    const error = await rejection(client().getTicket(143));
    assert.equal(error.code, 'CONTRACT');
    assert.equal(error.status, 200);
    assert.equal(error.rawBody, '{"Id":143}');
    assert.ok(error.issues.length > 0);
    assert.equal(error.attempts, 1);

    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 200, rawBody: '<html>proxy</html>' },
    });
    const html = await rejection(client().getTicket(143));
    assert.equal(html.code, 'CONTRACT');
    assert.equal(html.rawBody, '<html>proxy</html>');

    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: { status: 200, body: { Id: 143 } },
    });
    const unchecked = await client({ validateResponses: false }).getTicket(143);
    assert.deepEqual(unchecked, { Id: 143 }, 'validateResponses: false hands the body over as is');
  });

  test("a write answered 200 with Status other than Success is VENDOR_FAILED (the vendor's envelope)", async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.createTicket',
      times: 1,
      respond: {
        status: 200,
        body: {
          Status: 'Failure',
          ReasonForFailure: 'Lead is locked',
          Id: null,
          Message: null,
          Key: null,
          TicketId: null,
        },
      },
    });
    const error = await rejection(client().createTicket(createBody));
    assert.equal(error.code, 'VENDOR_FAILED');
    assert.equal(error.status, 200);
    assert.equal(error.vendorMessage, 'Lead is locked');
  });
});

describe('retries on real sockets: dropped and refused connections', () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    base = await server.listen();
  });
  afterEach(() => server.clearFaults());
  after(() => server.close());
  const client = (host = base) =>
    new LeadSquaredClient({
      host,
      orgId: DEMO_ORG,
      ...server.demo,
      clock: new VirtualClock({ auto: true }),
      timeout: Number.POSITIVE_INFINITY,
    });

  test('a read retries a dropped connection (NETWORK)', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.getTicket', times: 1, drop: true });
    assert.equal((await client().getTicket(143)).Id, '143');
    const calls = (await server.journal()).filter((e) => e.operation === 'lsq.getTicket');
    assert.deepEqual(
      calls.map((e) => e.status),
      [0, 200],
    );
  });

  test('a write whose connection drops is NETWORK and not retried (it may have been processed)', async () => {
    await server.fault({ orgId: DEMO_ORG, operation: 'lsq.createTicket', times: 1, drop: true });
    const error = await rejection(client().createTicket(createBody));
    assert.equal(error.code, 'NETWORK');
    assert.equal(error.status, 0);
    assert.equal(error.attempts, 1);
  });

  test('a write is retried when the connection is refused: it never left', async () => {
    const error = await rejection(client(await refusedUrl()).createTicket(createBody));
    assert.equal(error.code, 'NETWORK');
    assert.equal(error.attempts, DEFAULT_RETRY.retries + 1);
    assert.match(error.message, /ECONNREFUSED/);
  });
});

describe('backoff', () => {
  test("stripe-node's curve: 0.5 s doubling to a 5 s cap, 50–100 % jitter, never below 0.5 s", () => {
    const at = (random: number) => [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY, () => random));
    assert.deepEqual(at(0.999999).map(Math.round), [500, 1000, 2000, 4000, 5000, 5000]);
    assert.deepEqual(at(0), [500, 500, 1000, 2000, 2500, 2500]);
  });
});
