import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  decodeKapName,
  encodeKapName,
  formatKapDateTime,
  formatKapTimestamp,
  jsonSchemas,
  KapAddTicketBody,
  KapAddTicketResponse,
  KapFailureResponse,
  KapGetTicketsRequest,
  KapGetTicketsResponse,
  KapPullTicketsBody,
  KapUpdateTicketBody,
  parseKapAnyDate,
  parseKapDate,
  parseKapDateTime,
  parseKapTimestamp,
} from '@deskwire/wire';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../server/test/fixtures/${name}`, import.meta.url), 'utf8'));

const valid = (schema: TSchema, value: unknown) =>
  assert.ok(Value.Check(schema, value), JSON.stringify([...Value.Errors(schema, value)][0]));
const invalid = (schema: TSchema, value: unknown) => assert.equal(Value.Check(schema, value), false);

const IST = 330;

describe('Kapture dates: dd-MM-yyyy HH:mm and yyyy-MM-dd HH:mm:ss in the tenant zone', () => {
  test("the K1 example's pair: epoch 1713516551152 is 2024-04-19 14:19:11 in IST", () => {
    const instant = new Date(1713516551152);
    assert.equal(formatKapTimestamp(instant, IST), '2024-04-19 14:19:11');
    assert.equal(formatKapDateTime(instant, IST), '19-04-2024 14:19', 'the get example shows the same ticket this way');
    assert.equal(formatKapDateTime(instant, 0), '19-04-2024 08:49');
    assert.equal(formatKapDateTime(instant, -240), '19-04-2024 04:49');
  });

  test('parsing is the inverse, in the zone; impossible dates are refused', () => {
    assert.equal(parseKapDateTime('19-04-2024 14:19', IST)?.toISOString(), '2024-04-19T08:49:00.000Z');
    assert.equal(parseKapTimestamp('2024-04-19 14:19:11', IST)?.toISOString(), '2024-04-19T08:49:11.000Z');
    assert.equal(parseKapDate('2024-04-22', IST)?.toISOString(), '2024-04-21T18:30:00.000Z', 'start of the IST day');
    for (const bad of ['2024-02-30', '2024-13-01', '24-04-22', '2024-4-2', ''])
      assert.equal(parseKapDate(bad, IST), undefined, bad);
    assert.equal(parseKapTimestamp('2024-04-19 24:00:00', IST), undefined);
    assert.equal(parseKapTimestamp('2024-04-19 02:19:11 PM', IST), undefined);
    assert.equal(parseKapDateTime('2024-04-19 14:19', IST), undefined);
  });

  test('parseKapAnyDate takes the formats integrators fall back between', () => {
    const want = '2024-04-19T08:49:00.000Z';
    for (const value of [
      '2024-04-19 14:19:00',
      '2024-04-19 14:19',
      '19-04-2024 14:19',
      '2024-04-19T08:49:00Z',
      '2024-04-19T14:19:00+05:30',
    ]) {
      assert.equal(parseKapAnyDate(value, IST)?.toISOString(), want, value);
    }
    assert.equal(parseKapAnyDate('2024-04-19', IST)?.toISOString(), '2024-04-18T18:30:00.000Z');
    assert.equal(parseKapAnyDate('tomorrow', IST), undefined);
    assert.equal(parseKapAnyDate('2024-04-19T14:19:00', IST), undefined, 'ISO without a zone is ambiguous');
  });
});

describe('Kapture names are HTML-entity encoded', () => {
  test("encode gives the example's creatorName; decode undoes it", () => {
    assert.equal(encodeKapName("Kapture Dev API's"), 'Kapture Dev API&apos;s');
    assert.equal(encodeKapName('A & B <x> "y"'), 'A &amp; B &lt;x&gt; &quot;y&quot;');
    assert.equal(decodeKapName('Kapture Dev API&apos;s'), "Kapture Dev API's");
    assert.equal(decodeKapName('O&#39;Brien &#x26; Co &amp;amp; &unknown;'), "O'Brien & Co &amp; &unknown;");
    const name = 'Ünïcode & <tags> \'quotes\' "double"';
    assert.equal(decodeKapName(encodeKapName(name)), name);
  });
});

describe('Kapture wire schemas accept the documented examples', () => {
  test('K3: the documented request, and the example response verbatim', async () => {
    valid(KapGetTicketsRequest, await fixture('kapture-get-ticket-request.json'));
    valid(KapGetTicketsResponse, await fixture('kapture-get-ticket-713516551148.json'));
    invalid(KapGetTicketsRequest, { conversation_type: 'all' });
    const example = await fixture('kapture-get-ticket-713516551148.json');
    invalid(KapGetTicketsResponse, [
      { ...example[0], task_details: { ...example[0].task_details, ticketId: 713516551148 } },
    ]);
    invalid(KapGetTicketsResponse, [
      { ...example[0], task_details: { ...example[0].task_details, date: '2024-04-19 14:19' } },
    ]);
  });

  test('K1, K2, K4 bodies: the documented array of one object, or the bare object', () => {
    valid(KapAddTicketBody, [{ title: 'TEST 1', ticket_details: '', due_date: '', email_id: '' }]);
    valid(KapAddTicketBody, { title: 'TEST 1' });
    invalid(KapAddTicketBody, [{ title: 'a' }, { title: 'b' }]);
    invalid(KapAddTicketBody, [{ ticket_details: 'no title' }]);
    valid(KapUpdateTicketBody, [
      { comment: '', ticket_id: '713516551148', callback_time: '', sub_status: 'P', queue: '', disposition: '' },
    ]);
    valid(KapPullTicketsBody, [{ limit: 1, start_date: '2024-04-22', end_date: '2024-04-22' }]);
    valid(KapPullTicketsBody, [{ limit: '10', offset: '0', start_date: '2024-04-22', end_date: '2024-04-22' }]);
    invalid(KapPullTicketsBody, [{ limit: 'ten', start_date: '2024-04-22', end_date: '2024-04-22' }]);
  });

  test("K1 response: the documented keys and types ('status' a code, 'date' yyyy-MM-dd HH:mm:ss, epoch time)", () => {
    valid(KapAddTicketResponse, {
      ticket: {
        id: 530348198,
        type: 'O',
        email: '',
        phone: '',
        status: 'P',
        ticketId: '713516551148',
        queueKey: '',
        priority: 0,
        isUnread: true,
        isOutOfSLA: false,
        substatus: 'US',
        statusName: 'Pending',
        assignedToId: 0,
        contactId: 0,
        lastConversationType: 'O',
        lastConversationTime: 1713516551152,
        date: '2024-04-19 14:19:11',
        totalConversationCount: 0,
        taskTitle: 'TEST 1',
        typeName: 'Mobile App',
        substatusName: 'Pending',
        queueName: '',
        disposition: 'Inbox',
      },
      ticket_id: '713516551148',
      message: 'Ticket created successfully',
      status: 'success',
    });
  });

  test('failures are {message, status: "failed"}', () => {
    valid(KapFailureResponse, { message: 'Invalid Auth Key', status: 'failed' });
    invalid(KapFailureResponse, { Message: 'Invalid Auth Key', Status: 'failed' });
  });

  test('jsonSchemas lists the Kapture bodies beside the LeadSquared ones', () => {
    for (const name of [
      'KapAddTicketRequest',
      'KapUpdateTicketRequest',
      'KapGetTicketsRequest',
      'KapGetTicketsResponse',
      'KapPullTicketsRequest',
      'KapFailureResponse',
    ]) {
      assert.ok(jsonSchemas[name], name);
    }
    assert.ok(jsonSchemas.LsqGetTicketResponse);
  });
});
