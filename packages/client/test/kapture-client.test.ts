// Every Kapture method (K1–K4) against a running Deskwire server, and how failures are typed.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  type DebugEvent,
  type DeskwireClientError,
  isDeskwireClientError,
  KaptureClient,
  type KaptureClientOptions,
  REDACTED,
} from '@deskwire/client';
import type { KapAddTicketRequest, KapTokenApi } from '@deskwire/wire';
import { DEMO_ORG, INJECT_HOST, startServer, type TestServer } from './helpers/deskwire-server.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const SEED_TICKET_ID = '713516551148';

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
  return error;
}

/** Today in the tenant's zone (+05:30), `YYYY-MM-DD`. */
const todayIst = () => new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

describe('KaptureClient against a Deskwire server', () => {
  let server: TestServer;
  let tokens: Record<KapTokenApi, string>;
  let events: DebugEvent[] = [];
  const client = (options: Partial<KaptureClientOptions> = {}) =>
    new KaptureClient({
      host: INJECT_HOST,
      tokens,
      fetch: server.fetch,
      debug: (e) => events.push(e),
      ...options,
    });

  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    tokens = await server.kaptureTokens();
  });
  afterEach(async () => {
    await server.clearFaults();
    events = [];
  });
  after(() => server.close());

  test('K3 getTickets: the documented example ticket, as an array; unknown ids are absent', async () => {
    const records = await client().getTickets({ ticket_ids: SEED_TICKET_ID });
    assert.equal(records.length, 1);
    assert.equal(records[0]?.task_details.ticketId, SEED_TICKET_ID);
    assert.equal(records[0]?.task_details.taskId, 530348198);
    assert.deepEqual(await client().getTickets({ ticket_ids: '999999999999' }), []);
  });

  test('K5 addCustomer and K6 getCustomer: the customer is the lead K1 tickets with that email belong to', async () => {
    const kapture = client();
    const added = await kapture.addCustomer({
      name: 'Client Customer',
      email: 'client.customer@example.com',
      city: 'Pune',
    });
    assert.equal(added.status, 'success');
    assert.equal(added.Status, 'Success');
    assert.equal(added.Message, 'Customer Added Successfully');
    const id = Number(added['Kapture Customer Id']);
    const { 'Customer Details': details } = await kapture.getCustomer({ email_id: 'client.customer@example.com' });
    assert.equal(details.id, id);
    assert.equal(details.name, 'Client Customer');
    assert.equal(details.city, 'Pune');
    const ticket = await kapture.addTicket({ title: 'for the customer', email_id: 'client.customer@example.com' });
    const [record] = await kapture.getTickets({ ticket_ids: ticket.ticket_id });
    assert.equal(record?.task_details.customerId, id);
    const again = await kapture.addCustomer({ email: 'client.customer@example.com', phone: '9800012345' });
    assert.equal(again.Message, 'Customer Updated Successfully');
    assert.equal(Number(again['Kapture Customer Id']), id);
  });

  test('K6 getCustomer without a match is NOT_FOUND, with the vendor sentence', async () => {
    const error = await rejection(client().getCustomer({ email_id: 'nobody.at.all@example.com' }));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.status, 404);
    assert.equal(error.vendorMessage, 'Information given by you does not exist in our sytsem.');
    const missing = await rejection(client().addCustomer({ name: 'no contact' }));
    assert.equal(missing.code, 'VALIDATION');
    assert.equal(missing.vendorMessage, 'email or phone is missing');
  });

  test('K1 addTicket (sent as the documented array), K2 updateTicket, K4 pullTickets', async () => {
    const kapture = client();
    const body: KapAddTicketRequest & { order_ref: string } = {
      title: 'Parcel not delivered',
      ticket_details: 'The parcel is late',
      email_id: 'kapture.customer@example.com',
      priority: 'high',
      order_ref: 'ORD-1',
    };
    const added = await kapture.addTicket(body);
    assert.equal(added.status, 'success');
    assert.match(added.ticket_id, /^\d{12}$/);
    assert.equal(added.ticket.taskTitle, 'Parcel not delivered');

    const updated = await kapture.updateTicket({
      ticket_id: added.ticket_id,
      comment: 'Called the courier',
      sub_status: 'CL',
    });
    assert.equal(updated.ticket.substatus, 'CL');
    assert.equal(updated.ticket.statusName, 'Complete');

    const [record] = await kapture.getTickets({ ticket_ids: added.ticket_id });
    assert.equal(record?.additional_info.order_ref, 'ORD-1', 'a tenant field comes back in additional_info');

    const pulled = await kapture.pullTickets({ start_date: todayIst(), end_date: todayIst(), limit: 500 });
    assert.equal(pulled.status, 'success');
    assert.ok(pulled.message.some((t) => t.ticketId === added.ticket_id));
    assert.equal(typeof pulled.totalCount, 'number');
  });

  test('the token goes as Basic (as issued), with x-api-key and x-api-type, and only to the API it is for', async () => {
    const seen: Array<Record<string, string>> = [];
    const kapture = client({
      fetch: (input, init) => {
        seen.push(Object.fromEntries(new Headers(init?.headers)));
        return server.fetch(input, init);
      },
    });
    await kapture.getTickets({ ticket_ids: SEED_TICKET_ID });
    assert.equal(seen[0]?.authorization, `Basic ${tokens.get}`);
    assert.equal(seen[0]?.['x-api-key'], tokens.get);
    assert.equal(seen[0]?.['x-api-type'], 'TICKET');

    const onlyGet = client({ tokens: { get: tokens.get } });
    const missing = await rejection(onlyGet.addTicket({ title: 'x' }));
    assert.equal(missing.code, 'AUTH');
    assert.equal(missing.status, 0);
    assert.equal(missing.attempts, 0, 'nothing sent');
  });

  test('failures: status-mapped when HTTP says so, text-mapped under HTTP 200, the rest VENDOR_FAILED', async () => {
    const wrong = await rejection(
      client({ tokens: { get: 'dwt_0123456789abcdef_nope' } }).getTickets({ ticket_ids: SEED_TICKET_ID }),
    );
    assert.equal(wrong.code, 'AUTH');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.vendorMessage, 'Invalid Auth Key');
    assert.equal(wrong.request.headers.authorization, `Basic ${REDACTED}`);

    const unknown = await rejection(client().updateTicket({ ticket_id: '999999999999', comment: 'x' }));
    assert.equal(unknown.code, 'NOT_FOUND');
    assert.equal(unknown.vendorMessage, 'No Data found/ticket_id is missing');

    const badKey = await rejection(client().updateTicket({ ticket_id: SEED_TICKET_ID, sub_status: 'NOPE' }));
    assert.equal(badKey.code, 'VALIDATION');
    assert.equal(badKey.status, 400);

    // The vendor's habit: HTTP 200 with {"status":"failed"}.
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'kapture.getTickets',
      times: 1,
      respond: { status: 200, body: { message: 'Invalid Auth Key', status: 'failed' } },
    });
    const auth200 = await rejection(client().getTickets({ ticket_ids: SEED_TICKET_ID }));
    assert.deepEqual([auth200.code, auth200.status, auth200.vendorMessage], ['AUTH', 200, 'Invalid Auth Key']);

    await server.fault({
      orgId: DEMO_ORG,
      operation: 'kapture.createTicket',
      times: 1,
      respond: { status: 200, body: { Message: 'Queue is paused', Status: 'failed' } },
    });
    const legacy = await rejection(client().addTicket({ title: 'x' }));
    assert.deepEqual([legacy.code, legacy.status, legacy.vendorMessage], ['VENDOR_FAILED', 200, 'Queue is paused']);
    assert.equal(legacy.attempts, 1, 'a write is not retried');
    assert.match(legacy.rawBody ?? '', /Queue is paused/);
  });

  test('a body that breaks the schema is refused before sending', async () => {
    const error = await rejection(client().getTickets({ ticket_ids: ['1', '2'] as unknown as string }));
    assert.equal(error.code, 'VALIDATION');
    assert.equal(error.status, 0);
    assert.equal(events.filter((e) => e.type === 'request').length, 0);
  });

  test('K4 reads `message` as a string (no data) or a lone object, as integrators have seen', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'kapture.pullTickets',
      times: 1,
      respond: { status: 200, body: { totalCount: null, message: 'No ticket found', status: 'success' } },
    });
    const empty = await client().pullTickets({ start_date: '2024-04-22', end_date: '2024-04-22' });
    assert.deepEqual(empty.message, []);
    assert.equal(empty.totalCount, null);
  });

  test('K3 and K4 are reads: retried; K1 and K2 are writes: not', async () => {
    const virtual = { clock: new VirtualClock({ auto: true }), timeout: Number.POSITIVE_INFINITY };
    await server.fault({ orgId: DEMO_ORG, operation: 'kapture.getTickets', times: 1, respond: { status: 503 } });
    await server.fault({ orgId: DEMO_ORG, operation: 'kapture.pullTickets', times: 1, respond: { status: 500 } });
    assert.equal((await client(virtual).getTickets({ ticket_ids: SEED_TICKET_ID })).length, 1);
    assert.equal(
      (await client(virtual).pullTickets({ start_date: todayIst(), end_date: todayIst() })).status,
      'success',
    );
    assert.equal(events.filter((e) => e.type === 'retry').length, 2);

    await server.fault({ orgId: DEMO_ORG, operation: 'kapture.updateTicket', times: 1, respond: { status: 503 } });
    const write = await rejection(client(virtual).updateTicket({ ticket_id: SEED_TICKET_ID, comment: 'once' }));
    assert.deepEqual([write.code, write.attempts], ['SERVER', 1]);
  });

  test('one limiter per distinct token: APIs with their own tokens do not wait for each other', async () => {
    const kapture = client({ rateLimit: { max: 1, windowMs: 60_000 } });
    await kapture.getTickets({ ticket_ids: SEED_TICKET_ID });
    // The get token's budget is spent for a minute; the pull token's is not.
    const pulled = await kapture.pullTickets(
      { start_date: todayIst(), end_date: todayIst() },
      { signal: AbortSignal.timeout(2000) },
    );
    assert.equal(pulled.status, 'success');
    const queued = await rejection(
      kapture.getTickets({ ticket_ids: SEED_TICKET_ID }, { signal: AbortSignal.timeout(100) }),
    );
    assert.equal(queued.code, 'TIMEOUT', 'the second get waited in the queue until the deadline');

    const shared = client({ tokens: { get: tokens.get, pull: tokens.get }, rateLimit: { max: 1, windowMs: 60_000 } });
    await shared.getTickets({ ticket_ids: SEED_TICKET_ID });
    const sameToken = await rejection(
      shared.pullTickets({ start_date: todayIst(), end_date: todayIst() }, { signal: AbortSignal.timeout(100) }),
    );
    assert.equal(sameToken.code, 'TIMEOUT', 'one token, one budget, whichever API');
  });

  test('utcOffset is validated', () => {
    assert.throws(() => client({ utcOffset: '5:30' }), /utcOffset/);
    assert.equal(client({ utcOffset: '-04:00' }).utcOffsetMinutes, -240);
    assert.equal(client().utcOffsetMinutes, 330);
  });
});
