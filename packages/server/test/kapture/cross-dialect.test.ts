import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';
import { issueTokens, KAP_DATE, kap, type Tokens } from './kapture-test-server.js';

type Json = Record<string, unknown>;
interface LsqTicket {
  Id: string;
  LeadId: string | null;
  IsUpdated: boolean;
  Fields: Array<{ SchemaName: string; Value: unknown }>;
}

/** Ticket number ↔ Kapture id in the demo tenant (ticketId base 713516551005, taskId base 530348055). */
const ticketIdOf = (number: number) => String(713516551005 + number);
const numberOf = (ticketId: string) => Number(ticketId) - 713516551005;

describe('one ticket store, two dialects', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const lsq = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
    server.app.inject({
      method,
      url: `/api/tenants/${DEMO_ORG}${path}`,
      headers: auth(server.demo),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const lsqRead = async (number: number) => (await lsq('GET', `/tickets/${number}`)).json() as LsqTicket;
  const field = (t: LsqTicket, name: string) => t.Fields.find((f) => f.SchemaName === name)?.Value;
  const kapRead = async (ticketId: string) =>
    (
      (
        await kap(server, 'get', tokens.get, { ticket_ids: ticketId, conversation_type: 'all', history_type: 'all' })
      ).json() as Json[]
    )[0] as {
      task_details: Json;
      history: Record<string, Json[]>;
      conversation_type: { chat: Json[]; notes: Json[] };
    };

  test('created in LeadSquared, updated in Kapture, read in both: the same state', async () => {
    const created = await lsq('POST', '/tickets', documentedCreateBody(DEMO_LEAD));
    assert.equal(created.statusCode, 200, created.body);
    const number = Number(created.json().Id);
    const ticketId = ticketIdOf(number);

    const before = await kapRead(ticketId);
    assert.equal(before.task_details.title, 'Ticket creation through APIs');
    assert.equal(before.task_details.substatus, 'Open');
    assert.equal(before.task_details.priority, 'low');
    assert.equal(before.task_details.email, 'wim@example.com', "the LeadSquared lead is Kapture's customer");

    const update = await kap(server, 'update', tokens.update, [
      {
        ticket_id: ticketId,
        sub_status: 'RS',
        comment: 'Email changed as requested',
        queue: 'L1',
        disposition: 'Request',
      },
    ]);
    assert.equal(update.statusCode, 200, update.body);

    const l4 = await lsqRead(number);
    assert.equal(field(l4, 'Status'), 'Resolved', 'sub-status RS is the Status Resolved');
    assert.equal(l4.IsUpdated, true);
    assert.equal(field(l4, 'Title'), 'Ticket creation through APIs');

    const k3 = await kapRead(ticketId);
    assert.equal(k3.task_details.status, 'Complete');
    assert.equal(k3.task_details.substatus, 'Resolved');
    assert.equal(k3.task_details.substatusKey, 'RS');
    assert.equal(k3.task_details.queueKey, 'L1');
    assert.deepEqual(
      k3.conversation_type.notes.map((n) => n.chat_message),
      ['Email changed as requested'],
    );
    assert.deepEqual(
      k3.history.resolved?.map((e) => [e.old_value, e.new_value]),
      [['Open', 'Resolved']],
    );
  });

  test('created in Kapture, updated in LeadSquared (L3, L6), read in both: the same state', async () => {
    const created = await kap(server, 'add', tokens.add, [
      {
        title: 'Refund not received',
        ticket_details: 'Order 42',
        email_id: 'ravi@example.com',
        customer_name: 'Ravi',
        priority: 'low',
      },
    ]);
    assert.equal(created.statusCode, 200, created.body);
    const ticketId = (created.json() as { ticket_id: string }).ticket_id;
    const number = numberOf(ticketId);

    const l4 = await lsqRead(number);
    assert.equal(l4.Id, String(number));
    assert.equal(field(l4, 'Title'), 'Refund not received');
    assert.equal(field(l4, 'Description'), 'Order 42');
    assert.equal(field(l4, 'Status'), 'Open');
    assert.equal(field(l4, 'Priority'), 'Low');
    assert.match(String(l4.LeadId), /^[0-9a-f-]{36}$/, 'the customer became a lead');

    const l3 = await lsq('PUT', `/tickets/${number}/update`, {
      TypeId: '1',
      Id: String(number),
      Fields: [
        { SchemaName: 'Status', Value: 'On Hold' },
        { SchemaName: 'Priority', Value: 'High' },
        { SchemaName: 'RelatedAgentId', Value: 'c1826f52-ea88-11ee-9566-020f15161885' },
      ],
      RelatedTicketTypeId: 1,
    });
    assert.equal(l3.statusCode, 200, l3.body);
    const l6 = await lsq('POST', '/internalnote/upload', {
      TextPart: 'Waiting for the bank',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: number,
    });
    assert.equal(l6.statusCode, 200, l6.body);

    const k3 = await kapRead(ticketId);
    assert.equal(k3.task_details.substatus, 'Pending', 'On Hold is the sub-status P, Pending');
    assert.equal(k3.task_details.substatusKey, 'P');
    assert.equal(k3.task_details.status, 'Pending');
    assert.equal(k3.task_details.priority, 'high');
    assert.equal(k3.task_details.assignedToName, 'Vir K.D Singh');
    assert.equal(k3.task_details.title, 'Refund not received');
    assert.equal(k3.task_details.email, 'ravi@example.com');
    assert.deepEqual(
      k3.conversation_type.notes.map((n) => [n.chat_message, n.sender_name]),
      [['Waiting for the bank', 'Sri Sudhan R']],
    );
    assert.deepEqual(
      k3.history.assigned?.map((e) => [e.old_value, e.new_value]),
      [['', 'Vir K.D Singh']],
    );
    assert.match(k3.task_details.lastFollowUp as string, KAP_DATE);

    // And back: Kapture closes it, LeadSquared sees Closed; LeadSquared reopens it, Kapture sees Open.
    await kap(server, 'update', tokens.update, [{ ticket_id: ticketId, sub_status: 'CL' }]);
    assert.equal(field(await lsqRead(number), 'Status'), 'Closed');
    await lsq('PUT', `/tickets/${number}/update`, {
      TypeId: '1',
      Id: String(number),
      Fields: [{ SchemaName: 'Status', Value: 'Open' }],
      RelatedTicketTypeId: 1,
    });
    const reopened = await kapRead(ticketId);
    assert.equal(reopened.task_details.substatusKey, 'OP');
    assert.equal(reopened.task_details.status, 'Pending');
    assert.equal(reopened.task_details.taskEnddate, '');
  });

  test('a conversation added through LeadSquared appears in Kapture chat', async () => {
    const portal = await lsq('POST', '/ticket/143/portal/activity', { Text: 'Any news?', Direction: 'INBOUND' });
    assert.equal(portal.statusCode, 200, portal.body);
    const chat = (await kapRead(ticketIdOf(143))).conversation_type.chat;
    const last = chat.at(-1) as Json;
    assert.equal(last.type, 'PortalInbound');
    assert.equal(last.chat_message, 'Any news?');
    assert.equal(last.sender_name, 'Wim');
  });
});
