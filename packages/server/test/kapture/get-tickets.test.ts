import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addActivity, createApiToken } from '@deskwire/server';
import { DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';
import {
  createKapTicket,
  fixture,
  issueTokens,
  KAP_DATE,
  kap,
  SEED_TASK_ID,
  SEED_TICKET_ID,
  type Tokens,
} from './kapture-test-server.js';

type Json = Record<string, unknown>;

/** The JSON type of a value, telling arrays and null apart. */
const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

describe('K3 POST /search-ticket-by-ticket-id.html/v.2.0', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const get = (payload: unknown) => kap(server, 'get', tokens.get, payload);

  test("the seed's request answers an array whose keys, types and formats match the seed's example", async () => {
    const [request, example] = await Promise.all([
      fixture('kapture-get-ticket-request.json'),
      fixture<Json[]>('kapture-get-ticket-713516551148.json'),
    ]);
    const res = await get(request);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/json/);
    const body = res.json() as Json[];
    assert.ok(Array.isArray(body));
    assert.equal(body.length, 1);
    const [got] = body as [Json];
    const [want] = example as [Json];
    assert.deepEqual(Object.keys(got), Object.keys(want), 'the element has the example keys, in order');
    assert.deepEqual(got.history, {}, 'no history without history_type');
    assert.equal(typeOf(got.additional_info), 'object');

    const details = got.task_details as Json;
    const wantDetails = want.task_details as Json;
    assert.deepEqual(Object.keys(details), Object.keys(wantDetails), 'task_details keys in the example order');
    for (const [key, value] of Object.entries(wantDetails)) {
      assert.equal(typeOf(details[key]), typeOf(value), `task_details.${key} is a ${typeOf(value)}`);
      if (typeof value === 'string' && KAP_DATE.test(value)) {
        assert.match(details[key] as string, KAP_DATE, `task_details.${key} is dd-MM-yyyy HH:mm`);
      }
    }
    assert.ok('lastConvesationTime' in details, 'the misspelt key is kept');
    assert.equal(details.ticketId, SEED_TICKET_ID, 'the demo ticket #143 has the example ticketId');
    assert.equal(details.taskId, SEED_TASK_ID, 'and its taskId, as a number');
    assert.match(details.ticketId as string, /^[0-9]{12}$/);
    assert.ok(Number.isInteger(details.taskId));
    assert.equal(
      details.url,
      `http://localhost:80/employee/view-task-detail.html?detail=5/${SEED_TASK_ID}/${SEED_TICKET_ID}`,
    );
    assert.equal(details.status, 'Pending');
    assert.equal(details.substatus, 'Open');
    assert.equal(details.substatusKey, 'OP');
    assert.equal(details.title, 'Update Email Id');
    assert.equal(details.priority, 'medium', 'lower case, as the example\'s "low"');
    assert.equal(details.date, '28-08-2024 18:08', 'created 12:38 UTC, shown in IST');
    assert.equal(details.lastConvesationTime, '28-08-2024 19:25', 'the second conversation, 13:55 UTC');
    assert.equal(details.total_conversations, 2);
    assert.equal(details.lastConversationId, 135);
    assert.equal(details.disposition, 'Inbox', "a new ticket's disposition, as in the example");
    assert.equal(details.ftr, 'no');
    assert.equal(details.email, 'wim@example.com');
    assert.equal(details.assignedToName, 'Vir K.D Singh', 'RelatedAgentId of #143');
    assert.deepEqual(got.additional_info, { SRC_CS_2: 'Online' }, 'custom fields without their prefix');
  });

  test("names are HTML-entity encoded, as the example's creatorName", async () => {
    const userId = '00000000-0000-4000-8000-000000000001';
    await server.deskwire.storage.users.create(
      { id: userId, orgId: DEMO_ORG, name: "Kapture Dev API's <ops>", email: null, role: 'Agent' },
      new Date(),
    );
    const named = await createApiToken({ orgId: DEMO_ORG, api: 'add', userId }, server.deskwire);
    const id = await createKapTicket(server, { ...tokens, add: named.token }, { title: 'TEST 1' });
    const details = ((await get({ ticket_ids: id })).json() as Json[])[0]?.task_details as Json;
    assert.equal(details.creatorName, 'Kapture Dev API&apos;s &lt;ops&gt;');
    assert.equal(details.assignedToName, 'Kapture Dev API&apos;s &lt;ops&gt;', 'unassigned tickets show their creator');
  });

  test('several ids: comma-separated, in the order asked, duplicates once, unknown and malformed ids absent', async () => {
    const first = await createKapTicket(server, tokens, { title: 'first' });
    const second = await createKapTicket(server, tokens, { title: 'second' });
    const res = await get({ ticket_ids: ` ${second}, 999999999999,${SEED_TICKET_ID},abc,${second},,${first} ` });
    assert.equal(res.statusCode, 200);
    const ids = (res.json() as Json[]).map((r) => (r.task_details as Json).ticketId);
    assert.deepEqual(ids, [second, SEED_TICKET_ID, first]);

    const none = await get({ ticket_ids: '999999999999' });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(none.json(), [], 'only unknown ids: an empty array');

    const numeric = await get({ ticket_ids: Number(SEED_TICKET_ID) });
    assert.equal((numeric.json() as Json[]).length, 1, 'a single id as a JSON number is read too');
  });

  test('up to 50 ids per call; 51 is refused', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => String(713516551000 + i)).join(',');
    assert.equal((await get({ ticket_ids: fifty })).statusCode, 200);
    const res = await get({ ticket_ids: `${fifty},713516551148` });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { message: 'At most 50 ticket_ids per call.', status: 'failed' });
  });

  test('conversation_type chat, notes and all add the conversations and notes, oldest first', async () => {
    await addActivity(
      {
        orgId: DEMO_ORG,
        ticket: { number: 143 },
        type: 'InternalNote',
        text: 'Checked the ID',
        createdBy: 'c1826f52-ea88-11ee-9566-020f15161885',
      },
      server.deskwire,
    );
    const read = async (conversation_type: string) =>
      ((await get({ ticket_ids: SEED_TICKET_ID, conversation_type })).json() as Json[])[0] as Json;

    const chat = (await read('chat')).conversation_type as { chat: Json[]; notes?: Json[] };
    assert.deepEqual(Object.keys(chat), ['chat']);
    assert.deepEqual(
      chat.chat.map((c) => c.id),
      [131, 135],
    );
    const [firstMessage, withFile] = chat.chat as [Json, Json];
    assert.deepEqual(Object.keys(firstMessage), [
      'id',
      'type',
      'chat_message',
      'sender_name',
      'receiver_name',
      'sentDate',
    ]);
    assert.equal(firstMessage.type, 'InboundEmail');
    assert.match(firstMessage.chat_message as string, /^Hi, Has my email Id been updated/);
    assert.equal(firstMessage.receiver_name, 'Education 101');
    assert.match(firstMessage.sentDate as string, KAP_DATE);
    const files = withFile.chat_message as Json[];
    assert.ok(Array.isArray(files), 'a message with a file: an array of {url, mime, message}');
    assert.deepEqual(Object.keys(files[0] ?? {}), ['url', 'mime', 'message']);
    assert.equal(files[0]?.mime, 'image/png');
    assert.match(
      files[0]?.url as string,
      /^http:\/\/localhost:80\/files\/[^/]+\/Aadhaar\.png\?expires=\d+&kid=[0-9a-f]{8}&signature=[0-9a-f]+$/,
    );
    const download = await server.app.inject({
      method: 'GET',
      url: new URL(files[0]?.url as string).pathname + new URL(files[0]?.url as string).search,
    });
    assert.equal(download.statusCode, 200, 'the url downloads the file');
    assert.equal(download.headers['content-type'], 'image/png');

    const notes = (await read('notes')).conversation_type as { notes: Json[] };
    assert.deepEqual(Object.keys(notes), ['notes']);
    assert.equal(notes.notes.length, 1);
    assert.equal(notes.notes[0]?.chat_message, 'Checked the ID');
    assert.equal(notes.notes[0]?.sender_name, 'Vir K.D Singh');

    const all = (await read('ALL')).conversation_type as { chat: Json[]; notes: Json[] };
    assert.deepEqual(Object.keys(all), ['chat', 'notes']);
    assert.equal(all.chat.length, 2);
    assert.equal(all.notes.length, 1);

    const bad = await get({ ticket_ids: SEED_TICKET_ID, conversation_type: 'email' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { message: 'conversation_type should be chat, notes or all.', status: 'failed' });
  });

  test('include_emailbody adds the HTML of email conversations as email_body', async () => {
    const read = async (include_emailbody: string) =>
      (
        ((await get({ ticket_ids: SEED_TICKET_ID, conversation_type: 'chat', include_emailbody })).json() as Json[])[0]
          ?.conversation_type as { chat: Json[] }
      ).chat;
    const without = await read('');
    assert.ok(without.every((c) => !('email_body' in c)));
    const withBody = await read('1');
    assert.match(withBody[0]?.email_body as string, /<p class="MsoNormal">Hi,<\/p>/);
    assert.ok(without.every((c, i) => c.chat_message === withBody[i]?.chat_message || Array.isArray(c.chat_message)));
    const off = await read('false');
    assert.ok(
      off.every((c) => !('email_body' in c)),
      '"false" is off',
    );
  });

  test('history_type adds every history category; a category flag adds only its own', async () => {
    const id = await createKapTicket(server, tokens, { title: 'history' });
    const update = await kap(server, 'update', tokens.update, [
      { ticket_id: id, sub_status: 'CL', queue: 'L2', disposition: 'Query|Billing', comment: 'closing' },
    ]);
    assert.equal(update.statusCode, 200, update.body);
    const all = ((await get({ ticket_ids: id, history_type: 'all' })).json() as Json[])[0]?.history as Record<
      string,
      Json[]
    >;
    assert.deepEqual(Object.keys(all), [
      'create',
      'assigned',
      'disposed',
      'landing_queue',
      'resolved',
      'response',
      'status',
      'fields',
    ]);
    assert.equal(all.create?.[0]?.new_value, id);
    assert.deepEqual(
      all.resolved?.map((e) => [e.field, e.old_value, e.new_value, e.changed_by]),
      [['substatus', 'Open', 'Closed', 'Kapture API']],
    );
    assert.deepEqual(
      all.landing_queue?.map((e) => [e.old_value, e.new_value]),
      [['', 'Level 2 Support']],
    );
    assert.deepEqual(
      all.disposed?.map((e) => [e.old_value, e.new_value]),
      [['Inbox', 'Query|Billing']],
    );
    for (const entries of Object.values(all)) {
      for (const e of entries) {
        assert.deepEqual(Object.keys(e), ['field', 'old_value', 'new_value', 'changed_by', 'date']);
        assert.match(e.date as string, KAP_DATE);
      }
    }
    const some = (
      (await get({ ticket_ids: id, resolved: '1', landing_queue: 'yes', disposed: '0' })).json() as Json[]
    )[0]?.history as Json;
    assert.deepEqual(Object.keys(some), ['landing_queue', 'resolved']);
  });

  const failures: Array<[string, unknown, number, string]> = [
    ['an array body', [{ ticket_ids: SEED_TICKET_ID }], 400, 'Invalid Json.'],
    ['a string body', 'ticket_ids', 400, 'Invalid Json.'],
    ['no ticket_ids', { conversation_type: '' }, 400, 'ticket_ids are missing.'],
    ['an empty ticket_ids', { ticket_ids: '' }, 400, 'ticket_ids are missing.'],
    ['only commas', { ticket_ids: ' , ,' }, 400, 'ticket_ids are missing.'],
    ['a null ticket_ids', { ticket_ids: null }, 400, 'ticket_ids are missing.'],
    ['an empty object', {}, 400, 'ticket_ids are missing.'],
  ];
  for (const [name, payload, status, message] of failures) {
    test(`documented failure: ${name} → ${status} ${message}`, async () => {
      const res = await get(payload);
      assert.equal(res.statusCode, status);
      assert.deepEqual(res.json(), { message, status: 'failed' });
    });
  }

  test('a flag of the wrong type is a 400 naming it', async () => {
    const res = await get({ ticket_ids: SEED_TICKET_ID, history_type: 1 });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { message: "Invalid body: 'history_type' must be string", status: 'failed' });
  });
});
