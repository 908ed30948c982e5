import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { createKapTicket, issueTokens, kap, SEED_TICKET_ID, type Tokens } from './kapture-test-server.js';

type Json = Record<string, unknown>;

describe('K2 POST /update-ticket-from-other-source.html/v.2.0', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const update = (payload: unknown) => kap(server, 'update', tokens.update, payload);
  const read = async (ticketId: string, extra: Json = {}) =>
    ((await kap(server, 'get', tokens.get, { ticket_ids: ticketId, ...extra })).json() as Json[])[0] as {
      task_details: Json;
      history: Record<string, Json[]>;
      additional_info: Json;
      conversation_type?: { notes?: Json[] };
    };

  test('the documented request with every field empty changes nothing and answers the ticket', async () => {
    const id = await createKapTicket(server, tokens, { title: 'quiet' });
    const res = await update([
      { comment: '', ticket_id: id, callback_time: '', sub_status: '', queue: '', disposition: '' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ticket: Json; message: string; status: string };
    assert.deepEqual(Object.keys(body), ['ticket', 'message', 'status']);
    assert.equal(body.status, 'success');
    assert.equal(body.message, 'Ticket updated successfully');
    assert.equal(body.ticket.ticketId, id);
    assert.equal(body.ticket.substatus, 'OP');
    assert.deepEqual((await read(id, { history_type: 'all' })).history.fields, []);
  });

  test('comment adds a note, read back under conversation_type notes', async () => {
    const id = await createKapTicket(server, tokens, { title: 'commented' });
    const res = await update([{ ticket_id: id, comment: 'Called the customer' }]);
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as { ticket: Json }).ticket.isUnread, false, 'an agent has acted on it');
    assert.equal((res.json() as { ticket: Json }).ticket.totalConversationCount, 1);
    const got = await read(id, { conversation_type: 'notes' });
    assert.deepEqual(
      got.conversation_type?.notes?.map((n) => [n.chat_message, n.sender_name, n.type]),
      [['Called the customer', 'Kapture API', 'InternalNote']],
    );
    assert.equal(got.task_details.total_conversations, 1);
  });

  test("sub_status takes the tenant's keys; Pending is P, Closed is CL (the docs' examples)", async () => {
    const id = await createKapTicket(server, tokens, { title: 'workflow' });
    const step = async (key: string) => (await update([{ ticket_id: id, sub_status: key }])).json() as { ticket: Json };
    assert.deepEqual([(await step('P')).ticket.substatus, (await step('P')).ticket.statusName], ['P', 'Pending']);
    let details = (await read(id)).task_details;
    assert.equal(details.substatus, 'Pending');
    assert.equal(details.status, 'Pending');
    assert.equal(details.taskEnddate, '');

    const closed = await step('cl');
    assert.equal(closed.ticket.substatus, 'CL', 'keys are matched case-insensitively, answered as configured');
    assert.equal(closed.ticket.status, 'C');
    assert.equal(closed.ticket.statusName, 'Complete');
    details = (await read(id)).task_details;
    assert.equal(details.status, 'Complete');
    assert.equal(details.substatus, 'Closed');
    assert.match(details.taskEnddate as string, /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$/);
    assert.match(details.tat as string, /^\d+ Day \d+ Hr \d+ Min$/);
    assert.equal(details.ftr, 'yes');
    assert.notEqual(details.ticketCloseEmpId, 0);

    await step('CRS');
    details = (await read(id)).task_details;
    assert.equal(details.substatusKey, 'CRS', 'Reopened and Open share Status Open: the key set is the key read');
    assert.equal(details.substatus, 'Reopened');
    await step('CL');
    assert.equal((await read(id)).task_details.ftr, 'no', 'closed again after a reopen');
  });

  test('queue, disposition and callback_time are stored, shown and recorded in the history', async () => {
    const id = await createKapTicket(server, tokens, { title: 'routing' });
    const res = await update([
      { ticket_id: id, queue: 'ESC', disposition: 'request|information', callback_time: '2030-05-01 17:45:00' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const got = await read(id, { history_type: 'all' });
    assert.equal(got.task_details.queueKey, 'ESC');
    assert.equal(got.task_details.queueName, 'Escalations');
    assert.equal(got.task_details.disposition, 'Request|Information');
    assert.equal(got.task_details.callBack, '01-05-2030 17:45', 'in the tenant zone, as sent');
    assert.equal(got.task_details.nextFollowUp, '01-05-2030 17:45');
    assert.deepEqual(
      got.history.landing_queue?.map((e) => e.new_value),
      ['Escalations'],
    );
    assert.deepEqual(
      got.history.disposed?.map((e) => e.new_value),
      ['Request|Information'],
    );
    assert.deepEqual(
      got.history.fields?.map((e) => [e.field, e.new_value]),
      [['callBack', '01-05-2030 17:45']],
    );

    await update([{ ticket_id: id, queue: 'L1' }]);
    const moved = await read(id);
    assert.equal(moved.task_details.queueKey, 'L1');
    assert.equal(moved.task_details.disposition, 'Request|Information', 'what is not sent stays');
    assert.equal(moved.task_details.callBack, '01-05-2030 17:45');
  });

  test('a ticket created through LeadSquared is updated by its derived ticket_id', async () => {
    const res = await update([{ ticket_id: SEED_TICKET_ID, sub_status: 'IN' }]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await read(SEED_TICKET_ID)).task_details.substatus, 'In Progress');
  });

  test('extra keys are merged into additional_info', async () => {
    const id = await createKapTicket(server, tokens, { title: 'extras', channel_ref: 'a' });
    await update([{ ticket_id: id, ride_details: { ride_id: 'R-1' } }]);
    assert.deepEqual((await read(id)).additional_info, {
      SRC_CS_2: null,
      channel_ref: 'a',
      ride_details: { ride_id: 'R-1' },
    });
  });

  const failures: Array<[string, (id: string) => unknown, number, string]> = [
    ['no ticket_id', () => [{ comment: 'x' }], 404, 'No Data found/ticket_id is missing'],
    ['an empty ticket_id', () => [{ ticket_id: '', comment: 'x' }], 404, 'No Data found/ticket_id is missing'],
    [
      'an unknown ticket_id',
      () => [{ ticket_id: '999999999999', comment: 'x' }],
      404,
      'No Data found/ticket_id is missing',
    ],
    ['a malformed ticket_id', () => [{ ticket_id: 'abc', comment: 'x' }], 404, 'No Data found/ticket_id is missing'],
    [
      'a callback_time in another format',
      (id) => [{ ticket_id: id, callback_time: '01-05-2030 17:45' }],
      400,
      'Invalid Format.callback_date should be yyyy-MM-dd hh:mm:ss.',
    ],
    [
      'a callback_time that is no date',
      (id) => [{ ticket_id: id, callback_time: '2030-02-30 10:00:00' }],
      400,
      'Invalid Format.callback_date should be yyyy-MM-dd hh:mm:ss.',
    ],
    [
      'an unknown sub_status',
      (id) => [{ ticket_id: id, sub_status: 'Closed' }],
      400,
      "Invalid sub_status 'Closed'. Valid keys: OP, IN, P, RS, CL, CRS",
    ],
    [
      'an unknown queue',
      (id) => [{ ticket_id: id, queue: 'Nowhere' }],
      400,
      "Invalid queue 'Nowhere'. Valid keys: L1, L2, ESC",
    ],
    ['an array of two', (id) => [{ ticket_id: id }, { ticket_id: id }], 400, 'Invalid Json.'],
    [
      'a comment that is not a string',
      (id) => [{ ticket_id: id, comment: 42 }],
      400,
      "Invalid body: 'comment' must be string",
    ],
  ];
  for (const [name, payload, status, message] of failures) {
    test(`failure: ${name} → ${status} ${message}`, async () => {
      const id = await createKapTicket(server, tokens, { title: 'victim' });
      const res = await update(payload(id));
      assert.equal(res.statusCode, status, res.body);
      assert.deepEqual(res.json(), { message, status: 'failed' });
      const after = await read(id, { history_type: 'all', conversation_type: 'notes' });
      assert.deepEqual(after.conversation_type?.notes, [], 'a refused update adds no note');
      assert.equal(after.task_details.substatusKey, 'OP');
    });
  }
});
