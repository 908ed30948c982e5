import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('L1 POST /api/tenants/{orgId}/tickets (JSON)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
  });
  after(() => server.close());

  const create = (payload: unknown) =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: payload as object,
    });
  const read = (id: string) =>
    server.app.inject({ method: 'GET', url: `/api/tenants/${DEMO_ORG}/tickets/${id}`, headers: auth(server.demo) });
  const field = (body: { Fields: Array<{ SchemaName: string; Value: unknown }> }, name: string) =>
    body.Fields.find((f) => f.SchemaName === name)?.Value;

  test('the documented request creates a ticket and answers the documented envelope', async () => {
    const res = await create(documentedCreateBody(DEMO_LEAD));
    assert.equal(res.statusCode, 200);
    const body = res.json();
    // L1's example: `Message` null and `TicketId` before `Key` (the sentence and the other order are L2's).
    assert.deepEqual(Object.keys(body), ['Status', 'ReasonForFailure', 'Id', 'Message', 'TicketId', 'Key']);
    assert.equal(body.Status, 'Success');
    assert.equal(body.ReasonForFailure, null);
    assert.equal(body.Id, '144', 'numbers continue after the demo ticket #143, as a string');
    assert.equal(body.Key, '#144');
    assert.match(body.TicketId, GUID);
    assert.equal(body.Message, null);

    const got = (await read(body.Id)).json();
    assert.equal(got.TicketId, body.TicketId);
    assert.equal(got.LeadId, DEMO_LEAD);
    assert.equal(field(got, 'Title'), 'Ticket creation through APIs');
    assert.equal(field(got, 'Priority'), 'Low');
    assert.equal(field(got, 'TicketKey'), '#144');
    assert.equal(field(got, 'Type'), 'General', 'unsent fields take their default');
    assert.equal(field(got, 'CcEmails'), '');
    assert.equal(field(got, 'SubType'), null);
    assert.equal(got.IsUpdated, false);
  });

  test('ticket numbers are sequential and unique under concurrent creates', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => create(documentedCreateBody(DEMO_LEAD))));
    const ids = results.map((r) => Number(r.json().Id)).sort((a, b) => a - b);
    assert.equal(new Set(ids).size, 12);
    assert.equal((ids.at(-1) ?? 0) - (ids[0] ?? 0), 11, 'no gaps');
  });

  test('LeadId as an array of LeadDetail pairs creates the lead once, then finds it', async () => {
    const body = {
      ...documentedCreateBody(DEMO_LEAD),
      LeadId: [
        { SchemaName: 'LeadDetail.EmailAddress', Value: 'New.Person@Example.com' },
        { SchemaName: 'LeadDetail.FirstName', Value: 'New' },
      ],
    };
    const first = (await read((await create(body)).json().Id)).json();
    const second = (await read((await create(body)).json().Id)).json();
    assert.match(first.LeadId, GUID);
    assert.notEqual(first.LeadId, DEMO_LEAD);
    assert.equal(second.LeadId, first.LeadId, 'matched by email, case-insensitively');
  });

  test('LeadDetail.* entries inside Fields identify the lead too', async () => {
    const body = documentedCreateBody(DEMO_LEAD);
    const { LeadId: _drop, ...rest } = body;
    const res = await create({
      ...rest,
      Fields: [...body.Fields, { SchemaName: 'LeadDetail.Phone', Value: '+91-9000000001' }],
    });
    assert.equal(res.statusCode, 200);
    const got = (await read(res.json().Id)).json();
    assert.match(got.LeadId, GUID);
  });

  test('RelatedCustomerId set to the LeadId is accepted (the docs example does this)', async () => {
    const body = documentedCreateBody(DEMO_LEAD);
    body.Fields.push({ SchemaName: 'RelatedCustomerId', Value: DEMO_LEAD });
    assert.equal((await create(body)).statusCode, 200);
  });

  test('custom fields, numbers, dates and agents are stored with their wire types', async () => {
    const body = documentedCreateBody(DEMO_LEAD);
    body.Fields.push(
      { SchemaName: 'CustomData.SRC_CS_2', Value: 'offline' },
      { SchemaName: 'RelatedServiceGroupId', Value: 7 as unknown as string },
      { SchemaName: 'DueDate', Value: '2025-01-02T03:04:05.5+00:00' },
      { SchemaName: 'RelatedAgentId', Value: 'C1826F52-EA88-11EE-9566-020F15161885' },
    );
    const got = (await read((await create(body)).json().Id)).json();
    assert.equal(
      field(got, 'CustomData.SRC_CS_2'),
      'Offline',
      'lookup values are matched case-insensitively and stored canonically',
    );
    assert.equal(field(got, 'RelatedServiceGroupId'), 7);
    assert.equal(field(got, 'DueDate'), '2025-01-02T03:04:05.5', 'dates are written in the vendor format, UTC');
    assert.equal(field(got, 'RelatedAgentId'), 'c1826f52-ea88-11ee-9566-020f15161885');
  });

  test('Trigger* flags sent on create are reported on read', async () => {
    const got = (
      await read((await create({ ...documentedCreateBody(DEMO_LEAD), TriggerSLA: false })).json().Id)
    ).json();
    assert.equal(got.TriggerSLA, false);
    assert.equal(got.TriggerAutomation, true);
  });

  const failures: Array<[string, (b: ReturnType<typeof documentedCreateBody>) => unknown, string, RegExp]> = [
    [
      'a Status that is not a configured value',
      (b) => withField(b, 'Status', 'Nope'),
      'InvalidFieldValue',
      /'Nope' is not a value of field 'Status'.*'Open'/,
    ],
    ['an unknown field', (b) => withField(b, 'Colour', 'red'), 'UnknownField', /Field 'Colour' is not configured/],
    ['a read-only field', (b) => withField(b, 'TicketKey', '#999'), 'InvalidFieldValue', /read-only/],
    [
      'no Title (mandatory)',
      (b) => ({ ...b, Fields: b.Fields.filter((f) => f.SchemaName !== 'Title') }),
      'MandatoryFieldMissing',
      /Mandatory field 'Title'/,
    ],
    ['an empty Title', (b) => withField(b, 'Title', ''), 'MandatoryFieldMissing', /'Title'/],
    [
      'a field sent twice',
      (b) => ({ ...b, Fields: [...b.Fields, { SchemaName: 'Title', Value: 'again' }] }),
      'ValidationError',
      /more than once/,
    ],
    [
      'a number field with text',
      (b) => withField(b, 'RelatedStageId', 'one'),
      'InvalidFieldValue',
      /'RelatedStageId' must be a number/,
    ],
    [
      'a date that is no date',
      (b) => withField(b, 'DueDate', 'tomorrow'),
      'InvalidFieldValue',
      /'DueDate' must be a date-time/,
    ],
    [
      'an agent of no one',
      (b) => withField(b, 'RelatedAgentId', '00000000-0000-0000-0000-000000000000'),
      'InvalidFieldValue',
      /no agent/,
    ],
    [
      'an unknown LeadId',
      (b) => ({ ...b, LeadId: '00000000-0000-0000-0000-000000000000' }),
      'LeadNotFound',
      /does not exist/,
    ],
    ['a LeadId that is no GUID', (b) => ({ ...b, LeadId: 'lead-1' }), 'ValidationError', /not a GUID/],
    ['no lead at all', ({ LeadId: _l, ...b }) => b, 'LeadRequired', /lead identifier is required/],
    [
      'LeadDetail without email or phone',
      (b) => ({ ...b, LeadId: [{ SchemaName: 'LeadDetail.FirstName', Value: 'X' }] }),
      'LeadRequired',
      /EmailAddress/,
    ],
    ['an unknown TypeId', (b) => ({ ...b, TypeId: '9' }), 'ValidationError', /TypeId '9'/],
    ['TypeId as a number', (b) => ({ ...b, TypeId: 1 }), 'ValidationError', /TypeId/],
    [
      'RelatedTicketTypeId as a string',
      (b) => ({ ...b, RelatedTicketTypeId: '1' }),
      'ValidationError',
      /RelatedTicketTypeId/,
    ],
    ['Fields missing', ({ Fields: _f, ...b }) => b, 'ValidationError', /'Fields' is required/],
    [
      'RelatedCustomerId naming another lead',
      (b) => withField(b, 'RelatedCustomerId', '00000000-0000-0000-0000-000000000001'),
      'ValidationError',
      /different leads/,
    ],
  ];
  for (const [label, mutate, code, message] of failures) {
    test(`refuses ${label} with 400 ${code}, and writes nothing`, async () => {
      const before = Number((await create(documentedCreateBody(DEMO_LEAD))).json().Id);
      const res = await create(mutate(documentedCreateBody(DEMO_LEAD)));
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(Object.keys(res.json()), ['Status', 'ExceptionType', 'ExceptionMessage']);
      assert.equal(res.json().ExceptionType, code);
      assert.match(res.json().ExceptionMessage, message);
      const next = Number((await create(documentedCreateBody(DEMO_LEAD))).json().Id);
      assert.equal(next, before + 1, 'the failed create consumed no ticket number');
      assert.equal((await read(String(before + 1))).json().Id, String(before + 1));
    });
  }
});

function withField(body: ReturnType<typeof documentedCreateBody>, name: string, value: unknown) {
  return { ...body, Fields: [...body.Fields.filter((f) => f.SchemaName !== name), { SchemaName: name, Value: value }] };
}
