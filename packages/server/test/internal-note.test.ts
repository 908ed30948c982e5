import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auth, DEMO_ORG, startTestServer, type TestServer } from './helpers/test-server.js';

describe('L6 POST /api/tenants/{orgId}/internalnote/upload', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
  });
  after(() => server.close());

  const post = (payload: unknown) =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/internalnote/upload`,
      headers: auth(server.demo),
      payload: payload as object,
    });
  const documented = {
    TextPart: 'Resolve this ticket ASAP.',
    ActivityType: 'CreateInternalNote',
    StorageType: 'Permament',
    RelatedTicketId: 143,
  };

  test('the documented request answers the documented response exactly (string ids, no Status)', async () => {
    const res = await post(documented);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      Message: 'Activity Created',
      RelatedTicketId: '143',
      RelatedOrgId: '22824',
      RelatedChannelMonitoringRequestId: 0,
    });
    assert.deepEqual(Object.keys(res.json()), [
      'Message',
      'RelatedTicketId',
      'RelatedOrgId',
      'RelatedChannelMonitoringRequestId',
    ]);
  });

  test('the note is stored on the ticket, by the calling user', async () => {
    await post({ ...documented, TextPart: 'Stored note' });
    const tickets = server.deskwire.storage.tickets;
    const ticket = await tickets.find(DEMO_ORG, { number: 143 });
    assert.ok(ticket);
    const notes = await server.deskwire.storage.activities.list(ticket.id, ['InternalNote']);
    const note = notes.find((n) => n.text === 'Stored note');
    assert.ok(note);
    assert.equal(note.createdBy, 'a443f7b7-d1fd-11ec-993a-06f221480cd8');
  });

  const bad: Array<[string, unknown, number, string, RegExp]> = [
    [
      'the corrected spelling "Permanent" (the vendor wants "Permament")',
      { ...documented, StorageType: 'Permanent' },
      400,
      'ValidationError',
      /StorageType.*Permament/,
    ],
    ['another ActivityType', { ...documented, ActivityType: 'CreateNote' }, 400, 'ValidationError', /ActivityType/],
    [
      'RelatedTicketId as a string',
      { ...documented, RelatedTicketId: '143' },
      400,
      'ValidationError',
      /RelatedTicketId/,
    ],
    ['an empty TextPart', { ...documented, TextPart: '' }, 400, 'ValidationError', /TextPart/],
    ['no TextPart', { ...documented, TextPart: undefined }, 400, 'ValidationError', /TextPart/],
    ['an unknown ticket', { ...documented, RelatedTicketId: 99999 }, 404, 'TicketNotFound', /99999/],
  ];
  for (const [label, payload, status, code, message] of bad) {
    test(`refuses ${label} with ${status} ${code}`, async () => {
      const res = await post(payload);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().ExceptionType, code);
      assert.match(res.json().ExceptionMessage, message);
    });
  }
});
