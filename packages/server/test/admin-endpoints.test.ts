import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addAgentKey,
  addTenant,
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  type Keys,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

describe('Admin-only endpoints: L8 trash, L9 lookups, L10 field metadata', () => {
  let server: TestServer;
  let agent: Keys;
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    agent = await addAgentKey(server, DEMO_ORG);
  });
  after(() => server.close());

  const call = (method: 'GET' | 'PUT' | 'POST', path: string, payload?: unknown, keys: Keys = server.demo) =>
    server.app.inject({
      method,
      url: `/api/tenants/${DEMO_ORG}${path}`,
      headers: auth(keys),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const newTicket = async () => (await call('POST', '/tickets', documentedCreateBody(DEMO_LEAD))).json().Id as string;

  describe('L8 PUT /tickets/trash', () => {
    test('string ids in, numeric ids out; partial failure is a 200; trashed tickets disappear', async () => {
      const a = await newTicket();
      const b = await newTicket();
      const res = await call('PUT', '/tickets/trash', { TicketIds: [a, b, '99999'] });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { SuccessfulIds: [Number(a), Number(b)], FailedIds: [99999] });
      assert.equal((await call('GET', `/tickets/${a}`)).statusCode, 404);
      const again = await call('PUT', '/tickets/trash', { TicketIds: [a] });
      assert.deepEqual(
        again.json(),
        { SuccessfulIds: [], FailedIds: [Number(a)] },
        'a trashed ticket cannot be trashed twice',
      );
      const note = await call('POST', '/internalnote/upload', {
        TextPart: 'x',
        ActivityType: 'CreateInternalNote',
        StorageType: 'Permament',
        RelatedTicketId: Number(b),
      });
      assert.equal(note.statusCode, 404, 'no writes to a trashed ticket');
    });

    test('another tenant cannot trash this tenant’s tickets', async () => {
      const id = await newTicket();
      const other = await addTenant(server, 4242);
      const res = await server.app.inject({
        method: 'PUT',
        url: '/api/tenants/4242/tickets/trash',
        headers: auth(other),
        payload: { TicketIds: [id] },
      });
      assert.deepEqual(res.json(), { SuccessfulIds: [], FailedIds: [Number(id)] });
      assert.equal((await call('GET', `/tickets/${id}`)).statusCode, 200);
    });

    test('numbers as JSON numbers are refused (the docs send strings)', async () => {
      const res = await call('PUT', '/tickets/trash', { TicketIds: [160] });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().ExceptionType, 'ValidationError');
    });
  });

  describe('L9 GET /lookups/{SchemaName}/values', () => {
    test('SubType answers the documented shape', async () => {
      const res = await call('GET', '/lookups/SubType/values');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), [
        { Text: 'Acceptable', Value: 'Acceptable', SortingOrder: null, Active: null, Deleted: null },
      ]);
    });

    test('the same form serves Status and custom lookups, in display order', async () => {
      const status = (await call('GET', '/lookups/Status/values')).json();
      assert.deepEqual(
        status.map((v: { Value: string }) => v.Value),
        ['Open', 'In Progress', 'On Hold', 'Resolved', 'Closed'],
      );
      const custom = (await call('GET', '/lookups/CustomData.SRC_CS_2/values')).json();
      assert.deepEqual(
        custom.map((v: { Value: string }) => v.Value),
        ['Online', 'Offline', 'Walk-in'],
      );
    });

    test('an unknown lookup is a 404', async () => {
      const res = await call('GET', '/lookups/Colour/values');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().ExceptionType, 'NotFound');
    });
  });

  describe('L10 POST /ticket-types/1/fields/filter', () => {
    test('the documented request finds Status with the documented metadata shape', async () => {
      const res = await call('POST', '/ticket-types/1/fields/filter', { Limit: 25, Offset: 0, SearchText: 'Status' });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.Total, 1);
      const [status] = body.TicketsFields;
      assert.deepEqual(Object.keys(status), [
        'Id',
        'RelatedTicketCategoryId',
        'DisplayName',
        'SchemaName',
        'DataType',
        'RenderType',
        'EntityType',
        'DefaultValue',
        'Sequence',
        'RelatedLookupId',
        'ShowInQuickSearch',
        'CreatedBy',
        'CreatedOn',
        'ModifiedBy',
        'ModifiedOn',
        'AllowAutoUpdateToOptions',
        'LockAfterCreate',
        'ParentSchemaName',
        'ShowInForm',
        'CustomObjectId',
        'Version',
        'Description',
        'FieldType',
        'Active',
        'Deleted',
        'ValidationProperties',
        'UseInSla',
      ]);
      assert.equal(status.SchemaName, 'Status');
      assert.equal(status.DataType, 'Select');
      assert.equal(status.RenderType, 'Dropdown');
      assert.equal(status.RelatedLookupId, 1, 'Status is lookup 1, as the docs show');
      assert.equal(status.CreatedBy, 'seeddata');
      assert.equal(status.FieldType, 'standard');
      assert.equal(status.DefaultValue, 'Open');
      assert.match(status.CreatedOn, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
      assert.deepEqual(Object.keys(status.ValidationProperties), [
        'NumScale',
        'Regex',
        'IsMandatory',
        'MinValue',
        'MinLength',
        'MaxValue',
        'MaxLength',
      ]);
      assert.equal(status.ValidationProperties.IsMandatory, true);
    });

    test('it tells a client which fields are mandatory', async () => {
      const all = (await call('POST', '/ticket-types/1/fields/filter', { Limit: 100, Offset: 0 })).json();
      const mandatory = all.TicketsFields.filter(
        (f: { ValidationProperties: { IsMandatory: boolean } }) => f.ValidationProperties.IsMandatory,
      );
      assert.deepEqual(mandatory.map((f: { SchemaName: string }) => f.SchemaName).sort(), [
        'Priority',
        'Status',
        'Title',
      ]);
      assert.equal(all.Total, all.TicketsFields.length);
      assert.ok(
        all.TicketsFields.some(
          (f: { SchemaName: string; FieldType: string }) =>
            f.SchemaName === 'CustomData.SRC_CS_2' && f.FieldType === 'custom',
        ),
      );
    });

    test('SearchText is a case-insensitive substring; Limit and Offset page the matches', async () => {
      const related = (
        await call('POST', '/ticket-types/1/fields/filter', { Limit: 25, Offset: 0, SearchText: 'related' })
      ).json();
      assert.deepEqual(
        related.TicketsFields.map((f: { SchemaName: string }) => f.SchemaName),
        ['RelatedServiceGroupId', 'RelatedAgentId', 'RelatedStageId', 'RelatedRequester'],
      );
      const page1 = (
        await call('POST', '/ticket-types/1/fields/filter', { Limit: 2, Offset: 1, SearchText: 'related' })
      ).json();
      const page2 = (
        await call('POST', '/ticket-types/1/fields/filter', { Limit: 2, Offset: 2, SearchText: 'related' })
      ).json();
      assert.equal(page1.Total, 4);
      assert.deepEqual(
        page1.TicketsFields.map((f: { SchemaName: string }) => f.SchemaName),
        ['RelatedServiceGroupId', 'RelatedAgentId'],
      );
      assert.deepEqual(
        page2.TicketsFields.map((f: { SchemaName: string }) => f.SchemaName),
        ['RelatedStageId', 'RelatedRequester'],
      );
    });

    test('an unknown ticket type is a 404; a bad Limit a 400', async () => {
      assert.equal((await call('POST', '/ticket-types/7/fields/filter', { Limit: 25, Offset: 0 })).statusCode, 404);
      assert.equal((await call('POST', '/ticket-types/1/fields/filter', { Limit: 0, Offset: 0 })).statusCode, 400);
    });
  });

  describe('an Agent key', () => {
    const cases: Array<[string, 'GET' | 'PUT' | 'POST', string, unknown]> = [
      ['trash', 'PUT', '/tickets/trash', { TicketIds: ['143'] }],
      ['read lookups', 'GET', '/lookups/SubType/values', undefined],
      ['read field metadata', 'POST', '/ticket-types/1/fields/filter', { Limit: 25, Offset: 0 }],
    ];
    for (const [label, method, path, payload] of cases) {
      test(`cannot ${label}: 403 Forbidden with a clear message, and nothing changes`, async () => {
        const res = await call(method, path, payload, agent);
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().ExceptionType, 'Forbidden');
        assert.match(res.json().ExceptionMessage, /Admin users only/);
        assert.equal((await call('GET', '/tickets/143')).statusCode, 200);
      });
    }

    test('sees the same rules in UserPermissions', async () => {
      const perms = (await call('GET', '/tickets/143', undefined, agent)).json().UserPermissions;
      assert.equal(perms.DeleteTicket.Allowed, false);
      assert.equal(perms.UpdateTicket.Allowed, true);
    });
  });
});
