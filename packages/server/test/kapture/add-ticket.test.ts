import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addCustomField } from '@deskwire/server';
import { DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';
import { issueTokens, kap, type Tokens } from './kapture-test-server.js';

type Json = Record<string, unknown>;

/** The keys of the documented K1 `ticket` (add-ticket-api), in order, then Deskwire's three additions. */
const TICKET_KEYS = [
  'id',
  'type',
  'email',
  'phone',
  'status',
  'ticketId',
  'queueKey',
  'priority',
  'isUnread',
  'isOutOfSLA',
  'substatus',
  'statusName',
  'assignedToId',
  'contactId',
  'lastConversationType',
  'lastConversationTime',
  'date',
  'totalConversationCount',
  'taskTitle',
  'typeName',
  'substatusName',
  'queueName',
  'disposition',
];

describe('K1 POST /add-ticket-from-other-source.html/v.2.0', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const add = (payload: unknown) => kap(server, 'add', tokens.add, payload);
  const read = async (ticketId: string) => {
    const res = await kap(server, 'get', tokens.get, { ticket_ids: ticketId });
    return (res.json() as Json[])[0] as { additional_info: Json; task_details: Json };
  };
  const lsqRead = async (number: number) =>
    (
      await server.app.inject({
        method: 'GET',
        url: `/api/tenants/${DEMO_ORG}/tickets/${number}`,
        headers: { 'x-lsq-access-key': server.demo.accessKey, 'x-lsq-secret-key': server.demo.secretKey },
      })
    ).json() as { LeadId: string | null; Fields: Array<{ SchemaName: string; Value: unknown }> };

  test('the documented request (an array of one object) creates a ticket and answers the documented shape', async () => {
    const before = Date.now();
    const res = await add([{ title: 'TEST 1', ticket_details: 'Details', due_date: '', email_id: '' }]);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { ticket: Json; ticket_id: string; message: string; status: string };
    assert.deepEqual(Object.keys(body), ['ticket', 'ticket_id', 'message', 'status']);
    assert.equal(body.status, 'success');
    assert.equal(body.message, 'Ticket created successfully');
    const { ticket } = body;
    assert.deepEqual(Object.keys(ticket), TICKET_KEYS);
    assert.equal(ticket.ticketId, '713516551149', "the next number after the demo's #143, with the demo's id base");
    assert.equal(body.ticket_id, ticket.ticketId);
    assert.equal(ticket.id, 530348199, 'taskId: a number');
    assert.equal(ticket.status, 'P');
    assert.equal(ticket.statusName, 'Pending');
    assert.equal(ticket.substatus, 'OP', 'the sub-status key of the initial Status');
    assert.equal(ticket.taskTitle, 'TEST 1');
    assert.equal(ticket.priority, 1, 'Medium, the default priority');
    assert.equal(ticket.isUnread, true);
    assert.equal(ticket.isOutOfSLA, false);
    assert.equal(ticket.disposition, 'Inbox');
    assert.match(ticket.date as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ss, as documented');
    const epoch = ticket.lastConversationTime as number;
    assert.ok(Number.isInteger(epoch) && epoch >= before - 1000 && epoch <= Date.now() + 1000, 'epoch milliseconds');
    const local = new Date(epoch + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    assert.equal(ticket.date, local, 'the same instant, in IST');

    const number = Number(ticket.ticketId) - 713516551005;
    const lsq = await lsqRead(number);
    const field = (name: string) => lsq.Fields.find((f) => f.SchemaName === name)?.Value;
    assert.equal(field('Title'), 'TEST 1', 'the same ticket through the LeadSquared dialect');
    assert.equal(field('Description'), 'Details');
    assert.equal(lsq.LeadId, null, 'no customer given: no lead');
  });

  test('a bare object works too (as nammayatri sends it)', async () => {
    const res = await add({ title: 'bare' });
    assert.equal(res.statusCode, 200);
    assert.equal((await read((res.json() as { ticket_id: string }).ticket_id)).task_details.title, 'bare');
  });

  test('email_id, phone and customer_name tag a customer: found by email, else created', async () => {
    const first = (
      await add([{ title: 'a', email_id: 'Asha@Example.com', phone: '+91 90000 00001', customer_name: 'Asha' }])
    ).json() as Json;
    const again = (await add([{ title: 'b', email_id: 'asha@example.com' }])).json() as Json;
    const wim = (await add([{ title: 'c', email_id: 'wim@example.com' }])).json() as Json;
    const one = await read(first.ticket_id as string);
    assert.equal(one.task_details.email, 'asha@example.com');
    assert.equal(one.task_details.phone, '+91 90000 00001');
    assert.equal((first.ticket as Json).email, 'asha@example.com');
    const two = await read(again.ticket_id as string);
    assert.equal(two.task_details.customerId, one.task_details.customerId, 'the same customer');
    assert.notEqual(one.task_details.customerId, 0);
    const three = await read(wim.ticket_id as string);
    assert.equal(
      (await lsqRead(Number(wim.ticket_id) - 713516551005)).LeadId,
      '330fba67-6795-46c2-9dad-077794077f70',
      'the demo lead, found by email',
    );
    assert.equal(three.task_details.email, 'wim@example.com');
  });

  test('priority, sub_status, queue, disposition and due_date are taken and read back', async () => {
    const res = await add([
      {
        title: 'routed',
        priority: 'HIGH',
        sub_status: 'in',
        queue: 'l2',
        disposition: ' Complaint | Service ',
        due_date: '2030-01-02 10:30:00',
      },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const ticket = (res.json() as { ticket: Json }).ticket;
    assert.equal(ticket.priority, 2);
    assert.equal(ticket.substatus, 'IN');
    assert.equal(ticket.queueKey, 'L2');
    assert.equal(ticket.queueName, 'Level 2 Support');
    assert.equal(ticket.disposition, 'Complaint|Service');
    const { task_details: d } = await read(ticket.ticketId as string);
    assert.equal(d.priority, 'high');
    assert.equal(d.substatus, 'In Progress');
    assert.equal(d.queueKey, 'L2');
    assert.equal(d.disposition, 'Complaint|Service');
    assert.equal(d.slaStatus, 'within sla');
    const lsq = await lsqRead(Number(ticket.ticketId) - 713516551005);
    assert.equal(
      lsq.Fields.find((f) => f.SchemaName === 'DueDate')?.Value,
      '2030-01-02T05:00:00',
      'IST 10:30 is 05:00 UTC',
    );
    assert.equal(lsq.Fields.find((f) => f.SchemaName === 'Status')?.Value, 'In Progress');
  });

  test('extra keys: configured custom fields are set, the rest comes back in additional_info', async () => {
    await addCustomField({ orgId: DEMO_ORG, name: 'order_ref', dataType: 'Text' }, server.deskwire);
    const res = await add([
      {
        title: 'extras',
        order_ref: 'ORD-1',
        classification: 'App',
        issue_category_details: [{ issue_category_1: 'Payments', issue_category_2: '' }],
      },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const { additional_info } = await read((res.json() as { ticket_id: string }).ticket_id);
    assert.equal(additional_info.order_ref, 'ORD-1');
    assert.equal(additional_info.classification, 'App');
    assert.deepEqual(additional_info.issue_category_details, [{ issue_category_1: 'Payments', issue_category_2: '' }]);
  });

  const failures: Array<[string, unknown, number, string | RegExp]> = [
    ['no title', [{ ticket_details: 'x' }], 400, 'title is missing'],
    ['an empty title', [{ title: '' }], 400, 'title is missing'],
    ['a blank title', { title: '   ' }, 400, 'title is missing'],
    ['an empty body object', {}, 400, 'title is missing'],
    ['an empty array', [], 400, 'Invalid Json.'],
    ['two tickets in one call', [{ title: 'a' }, { title: 'b' }], 400, 'Invalid Json.'],
    ['an array of a string', ['title'], 400, 'Invalid Json.'],
    ['a title that is not a string', [{ title: 5 }], 400, "Invalid body: 'title' must be string"],
    [
      'an unknown sub_status',
      [{ title: 'x', sub_status: 'ZZ' }],
      400,
      "Invalid sub_status 'ZZ'. Valid keys: OP, IN, P, RS, CL, CRS",
    ],
    ['an unknown queue', [{ title: 'x', queue: 'Q9' }], 400, "Invalid queue 'Q9'. Valid keys: L1, L2, ESC"],
    [
      'an unknown disposition',
      [{ title: 'x', disposition: 'Nope' }],
      400,
      /^Invalid disposition 'Nope'\. Valid dispositions: Inbox, /,
    ],
    ['an unknown priority', [{ title: 'x', priority: 'asap' }], 400, /^'asap' is not a value of field 'Priority'/],
    [
      'an unreadable due_date',
      [{ title: 'x', due_date: 'tomorrow' }],
      400,
      'Invalid Format.due_date should be yyyy-MM-dd HH:mm:ss.',
    ],
    ['a malformed email_id', [{ title: 'x', email_id: 'not-an-email' }], 400, /is not an email address/],
  ];
  for (const [name, payload, status, message] of failures) {
    test(`failure: ${name} → ${status}`, async () => {
      const res = await add(payload);
      assert.equal(res.statusCode, status, res.body);
      const body = res.json() as { message: string; status: string };
      assert.deepEqual(Object.keys(body), ['message', 'status']);
      assert.equal(body.status, 'failed');
      if (typeof message === 'string') assert.equal(body.message, message);
      else assert.match(body.message, message);
    });
  }

  test('a failed create writes nothing and uses no ticket number', async () => {
    const before = (await add([{ title: 'n' }])).json() as { ticket_id: string };
    assert.equal((await add([{ title: 'x', queue: 'Q9' }])).statusCode, 400);
    assert.equal((await add([{ title: 'x', priority: 'asap' }])).statusCode, 400);
    const after = (await add([{ title: 'n+1' }])).json() as { ticket_id: string };
    assert.equal(Number(after.ticket_id), Number(before.ticket_id) + 1);
  });
});
