import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  addAgentKey,
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  multipart,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

describe('L3 PUT /api/tenants/{orgId}/tickets/{ticketId}/update', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
  });
  after(() => server.close());

  const newTicket = async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });
    return res.json().Id as string;
  };
  const update = (
    id: string,
    dto: unknown,
    files: Array<{ filename: string; content: Buffer }> = [],
    keys = server.demo,
  ) => {
    const form = multipart([
      { name: 'ticketDTO', value: JSON.stringify(dto) },
      ...files.map((f) => ({ name: 'files', filename: f.filename, content: f.content, type: 'text/plain' })),
    ]);
    return server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/${id}/update`,
      headers: { ...auth(keys), ...form.headers },
      payload: form.payload,
    });
  };
  const read = async (id: string) =>
    (
      await server.app.inject({
        method: 'GET',
        url: `/api/tenants/${DEMO_ORG}/tickets/${id}`,
        headers: auth(server.demo),
      })
    ).json();
  const field = (body: { Fields: Array<{ SchemaName: string; Value: unknown }> }, name: string) =>
    body.Fields.find((f) => f.SchemaName === name)?.Value;
  const documented = (id: string) => ({
    TypeId: '1',
    Id: id,
    LeadId: DEMO_LEAD,
    Fields: [
      { SchemaName: 'Status', Value: 'On Hold' },
      { SchemaName: 'Priority', Value: 'Low' },
    ],
    RelatedTicketTypeId: 1,
  });

  test('the documented request changes only the sent fields and answers the documented response', async () => {
    const id = await newTicket();
    const before = await read(id);
    const res = await update(id, documented(id));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      Status: 'Success',
      ReasonForFailure: null,
      Id: id,
      Message: 'Ticket properties have been updated successfully',
      Key: `#${id.padStart(3, '0')}`,
      TicketId: null,
    });
    const after = await read(id);
    assert.equal(field(after, 'Status'), 'On Hold');
    assert.equal(field(after, 'Priority'), 'Low');
    assert.equal(after.IsUpdated, true);
    for (const name of ['Title', 'Description', 'Channel', 'Type', 'CcEmails']) {
      assert.deepEqual(field(after, name), field(before, name), `${name} is untouched`);
    }
  });

  test('new files are appended to the ticket; a plain JSON update works too', async () => {
    const id = await newTicket();
    const a = Buffer.from(`first file of ${id}`);
    const b = Buffer.from(`second file of ${id}`);
    assert.equal(
      (await update(id, { ...documented(id), Fields: [] }, [{ filename: 'a.txt', content: a }])).statusCode,
      200,
    );
    assert.equal(
      (await update(id, { ...documented(id), Fields: [] }, [{ filename: 'b.txt', content: b }])).statusCode,
      200,
    );
    const ticket = await server.deskwire.storage.tickets.find(DEMO_ORG, { number: Number(id) });
    assert.ok(ticket);
    const files = await server.deskwire.storage.activities.listTicketFiles(ticket.id);
    assert.deepEqual(
      files.map((f) => [f.fileName, f.sha256]),
      [
        ['a.txt', createHash('sha256').update(a).digest('hex')],
        ['b.txt', createHash('sha256').update(b).digest('hex')],
      ],
    );
    const json = await server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/${id}/update`,
      headers: auth(server.demo),
      payload: { ...documented(id), Fields: [{ SchemaName: 'Status', Value: 'Resolved' }] },
    });
    assert.equal(json.statusCode, 200, json.body);
    assert.equal(field(await read(id), 'Status'), 'Resolved');
  });

  test('each change is recorded in the history; unchanged values are not', async () => {
    const id = await newTicket();
    await update(id, {
      ...documented(id),
      Fields: [
        { SchemaName: 'Status', Value: 'Closed' },
        { SchemaName: 'Priority', Value: 'Low' },
      ],
    });
    const ticket = await server.deskwire.storage.tickets.find(DEMO_ORG, { number: Number(id) });
    assert.ok(ticket);
    const history = await server.deskwire.storage.history.list(ticket.id);
    assert.deepEqual(
      history.map((h) => [h.schemaName, h.oldValue, h.newValue]),
      [['Status', 'Open', 'Closed']],
      'Priority was already Low',
    );
  });

  test('an Agent may update (UpdateTicket is allowed to agents)', async () => {
    const id = await newTicket();
    const agent = await addAgentKey(server, DEMO_ORG);
    assert.equal((await update(id, documented(id), [], agent)).statusCode, 200);
  });

  const failures: Array<[string, (id: string) => unknown, number, string]> = [
    [
      'a Status outside the tenant lookup',
      (id) => ({ ...documented(id), Fields: [{ SchemaName: 'Status', Value: 'Sleeping' }] }),
      400,
      'InvalidFieldValue',
    ],
    [
      'emptying a mandatory field',
      (id) => ({ ...documented(id), Fields: [{ SchemaName: 'Title', Value: '' }] }),
      400,
      'MandatoryFieldMissing',
    ],
    [
      'an Id other than the URL',
      (id) => ({ ...documented(id), Id: String(Number(id) + 1000) }),
      400,
      'ValidationError',
    ],
    ['Id as a number', (id) => ({ ...documented(id), Id: Number(id) }), 400, 'ValidationError'],
    [
      'an unknown lead',
      (id) => ({ ...documented(id), LeadId: '00000000-0000-0000-0000-000000000000' }),
      400,
      'LeadNotFound',
    ],
  ];
  for (const [label, dto, status, code] of failures) {
    test(`refuses ${label} with ${status} ${code}, changing nothing`, async () => {
      const id = await newTicket();
      const before = await read(id);
      const res = await update(id, dto(id), [{ filename: 'x.txt', content: Buffer.from(`never stored ${label}`) }]);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().ExceptionType, code);
      assert.deepEqual(await read(id), before);
      const ticket = await server.deskwire.storage.tickets.find(DEMO_ORG, { number: Number(id) });
      assert.ok(ticket);
      assert.equal((await server.deskwire.storage.activities.listTicketFiles(ticket.id)).length, 0);
    });
  }

  test('an unknown ticket is a 404', async () => {
    const res = await update('99999', documented('99999'));
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().ExceptionType, 'TicketNotFound');
  });
});
