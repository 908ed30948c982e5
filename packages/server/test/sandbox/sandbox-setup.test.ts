import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Keys } from '../helpers/test-server.js';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from './sandbox-server.js';

const ORG = 7201;
const PDF = Buffer.from('%PDF-1.4\n% a tiny test file\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('sandbox setup: tenants, users, keys, lookups, fields, tickets, conversations', () => {
  let server: SandboxServer;
  let keys: Keys;
  before(async () => {
    server = await startSandboxServer();
  });
  after(() => server.close());

  test('POST /tenants creates a tenant whose keys work on the vendor API; 409 when it exists', async () => {
    const res = await server.admin('POST', '/tenants', {
      orgId: ORG,
      name: 'Sandbox Org',
      rateLimit: { max: 1000, windowMs: 1000 },
      admin: { name: 'Ada Admin', email: 'ada@example.com' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['tenant', 'admin', 'accessKey', 'secretKey']);
    assert.equal(body.tenant.orgId, ORG);
    assert.deepEqual(body.tenant.rateLimit, { max: 1000, windowMs: 1000 });
    assert.equal(body.admin.role, 'Admin');
    assert.equal(body.admin.email, 'ada@example.com');
    keys = { accessKey: body.accessKey, secretKey: body.secretKey };

    const missing = await server.lsq(keys, ORG, 'GET', '/tickets/1');
    assert.equal(missing.statusCode, 404, 'authenticated: the ticket, not the key, is missing');
    assert.equal(missing.json().ExceptionType, 'TicketNotFound');

    const again = await server.admin('POST', '/tenants', { orgId: ORG, name: 'Again' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().ExceptionType, 'TenantExists');

    const listed = await server.admin('GET', `/tenants/${ORG}`);
    assert.equal(listed.json().name, 'Sandbox Org');
    assert.equal('secretHash' in listed.json(), false);
  });

  test('bodies are validated: unknown properties and wrong types are 400 ValidationError', async () => {
    for (const payload of [
      { orgId: 7299, name: 'X', nmae: 'typo' },
      { orgId: '7299', name: 'X' },
      { orgId: 0, name: 'X' },
      { name: 'no org' },
    ]) {
      const res = await server.admin('POST', '/tenants', payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().ExceptionType, 'ValidationError');
    }
    const notJson = await server.app.inject({
      method: 'POST',
      url: '/_deskwire/tenants',
      headers: { authorization: 'Bearer sandbox-test-token-0123456789', 'content-type': 'application/json' },
      payload: '{"orgId":',
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(notJson.json().ExceptionType, 'InvalidJson');
  });

  test('unknown tenants are 404 TenantNotFound on every tenant route', async () => {
    for (const [method, path, payload] of [
      ['GET', '/tenants/999999', undefined],
      ['PATCH', '/tenants/999999', { name: 'x' }],
      ['POST', '/tenants/999999/users', {}],
      ['PUT', '/tenants/999999/lookups/Status', { values: ['Open'] }],
      ['POST', '/tenants/999999/tickets', { lead: { email: 'a@b.c' }, fields: { Title: 'x' } }],
      ['GET', '/tenants/999999/requests', undefined],
      ['POST', '/tenants/999999/reset', undefined],
      ['DELETE', '/tenants/999999', undefined],
    ] as const) {
      const res = await server.admin(method, path, payload);
      assert.equal(res.statusCode, 404, `${method} ${path}`);
      assert.equal(res.json().ExceptionType, 'TenantNotFound');
    }
  });

  test('users and keys: create an Agent, add a second key, revoke it', async () => {
    const created = await server.admin('POST', `/tenants/${ORG}/users`, {
      role: 'Agent',
      name: 'Ann Agent',
      email: 'ann@example.com',
    });
    assert.equal(created.statusCode, 201, created.body);
    const { user, accessKey, secretKey } = created.json();
    assert.equal(user.role, 'Agent');
    const first = { accessKey, secretKey };
    assert.equal((await server.lsq(first, ORG, 'GET', '/tickets/1')).statusCode, 404);

    const extra = await server.admin('POST', `/tenants/${ORG}/users/${user.id}/keys`);
    assert.equal(extra.statusCode, 201, extra.body);
    assert.equal(extra.json().user.id, user.id);
    const second = { accessKey: extra.json().accessKey, secretKey: extra.json().secretKey };

    const revoked = await server.admin('DELETE', `/tenants/${ORG}/keys/${encodeURIComponent(second.accessKey)}`);
    assert.equal(revoked.statusCode, 204);
    assert.equal((await server.lsq(second, ORG, 'GET', '/tickets/1')).statusCode, 401, 'revoked at once');
    assert.equal((await server.lsq(first, ORG, 'GET', '/tickets/1')).statusCode, 404, 'the other key still works');

    const twice = await server.admin('DELETE', `/tenants/${ORG}/keys/${encodeURIComponent(second.accessKey)}`);
    assert.equal(twice.statusCode, 400);

    const users = (await server.admin('GET', `/tenants/${ORG}/users`)).json().users;
    assert.deepEqual(users.map((u: { name: string }) => u.name).sort(), ['Ada Admin', 'Ann Agent']);
  });

  test('lookups and custom fields apply to vendor creates', async () => {
    const set = await server.admin('PUT', `/tenants/${ORG}/lookups/Status`, { values: ['Open', 'Closed'] });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { schemaName: 'Status', values: ['Open', 'Closed'] });
    const field = await server.admin('POST', `/tenants/${ORG}/fields`, {
      name: 'SRC_CS_2',
      displayName: 'Source',
      dataType: 'Select',
      options: ['Online', 'Offline'],
    });
    assert.equal(field.statusCode, 201, field.body);
    assert.equal(field.json().schemaName, 'CustomData.SRC_CS_2');

    const lookups = (await server.admin('GET', `/tenants/${ORG}/lookups`)).json().lookups;
    assert.deepEqual(lookups.find((l: { schemaName: string }) => l.schemaName === 'CustomData.SRC_CS_2')?.values, [
      'Online',
      'Offline',
    ]);

    const create = (status: string, source: string) =>
      server.lsq(keys, ORG, 'POST', '/tickets', {
        TypeId: '1',
        LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'wim@example.com' }],
        Fields: [
          { SchemaName: 'Title', Value: 'Via the vendor API' },
          { SchemaName: 'Status', Value: status },
          { SchemaName: 'CustomData.SRC_CS_2', Value: source },
        ],
        RelatedTicketTypeId: 1,
      });
    const onHold = await create('On Hold', 'Online');
    assert.equal(onHold.statusCode, 400, onHold.body);
    assert.equal(onHold.json().ExceptionType, 'InvalidFieldValue', onHold.body);
    const walkIn = await create('Open', 'Walk-in');
    assert.equal(walkIn.statusCode, 400);
    assert.equal((await create('Closed', 'Offline')).statusCode, 200);

    const badLookup = await server.admin('PUT', `/tenants/${ORG}/lookups/NoSuchLookup`, { values: ['x'] });
    assert.equal(badLookup.statusCode, 400);
    assert.equal(badLookup.json().ExceptionType, 'ValidationError');
  });

  test('a seeded ticket with an attachment reads back through the vendor API', async () => {
    const res = await server.admin('POST', `/tenants/${ORG}/tickets`, {
      lead: { email: 'Grace@Example.com', firstName: 'Grace', attributes: { City: 'Pune' } },
      fields: { Title: 'Printer on fire', Description: 'Smoke', Status: 'Open', 'CustomData.SRC_CS_2': 'Online' },
      flags: { triggerSla: false },
      attachments: [{ fileName: 'report.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const seeded = res.json();
    assert.equal(seeded.attachments, 1);
    assert.match(seeded.key, /^#\d{3,}$/);

    const got = await server.lsq(keys, ORG, 'GET', `/tickets/${seeded.number}`);
    assert.equal(got.statusCode, 200, got.body);
    const fields = new Map(
      (got.json().Fields as Array<{ SchemaName: string; Value: unknown }>).map((f) => [f.SchemaName, f.Value]),
    );
    assert.equal(fields.get('Title'), 'Printer on fire');
    assert.equal(fields.get('CustomData.SRC_CS_2'), 'Online');
    assert.equal(got.json().TicketId, seeded.id);
    assert.equal(got.json().LeadId, seeded.leadId);
    assert.equal(got.json().TriggerSLA, false, 'flags are passed through');

    const byGuid = await server.lsq(keys, ORG, 'GET', `/tickets/${seeded.id}`);
    assert.equal(byGuid.statusCode, 200);
  });

  test('seeded tickets are validated like vendor creates', async () => {
    const cases: Array<[object, string]> = [
      [{ lead: { email: 'a@example.com' }, fields: {} }, 'MandatoryFieldMissing'],
      [{ lead: { email: 'a@example.com' }, fields: { Title: 'x', Nope: 1 } }, 'UnknownField'],
      [{ lead: { email: 'a@example.com' }, fields: { Title: 'x', Status: 'Pending' } }, 'InvalidFieldValue'],
      [{ lead: {}, fields: { Title: 'x' } }, 'LeadRequired'],
      [{ lead: { id: '00000000-0000-0000-0000-000000000000' }, fields: { Title: 'x' } }, 'LeadNotFound'],
      [
        {
          lead: { email: 'a@example.com' },
          fields: { Title: 'x' },
          attachments: [{ fileName: '../etc/passwd', contentBase64: 'AA==' }],
        },
        'InvalidFileName',
      ],
      [
        {
          lead: { email: 'a@example.com' },
          fields: { Title: 'x' },
          attachments: [{ fileName: 'a.bin', contentBase64: 'not base64!' }],
        },
        'ValidationError',
      ],
    ];
    for (const [payload, code] of cases) {
      const res = await server.admin('POST', `/tenants/${ORG}/tickets`, payload);
      assert.equal(res.json().ExceptionType, code, `${JSON.stringify(payload)}: ${res.body}`);
    }
  });

  test('seeded conversations (email, portal) with attachments list and download through the vendor API', async () => {
    const number = await sandboxTicket(server, ORG, { fields: { Title: 'Conversation seed' } });
    const seed = (payload: object) => server.admin('POST', `/tenants/${ORG}/tickets/${number}/conversations`, payload);
    const inbound = await seed({
      type: 'InboundEmail',
      html: '<p>My ID card</p>',
      text: 'My ID card',
      attachments: [{ fileName: 'id.png', contentType: 'image/png', contentBase64: PNG.toString('base64') }],
    });
    assert.equal(inbound.statusCode, 201, inbound.body);
    assert.equal(inbound.json().ticketNumber, number);
    assert.equal(inbound.json().attachments, 1);
    assert.equal((await seed({ type: 'OutboundEmail', text: 'Thanks, on it' })).statusCode, 201);
    assert.equal((await seed({ type: 'PortalInbound', text: 'Any news?' })).statusCode, 201);
    assert.equal((await seed({ type: 'InternalNote', text: 'Call back Monday' })).statusCode, 201);

    const list = await server.lsq(keys, ORG, 'POST', '/conversation/filter', {
      TicketId: number,
      OrgId: ORG,
      ActivityType: ['InboundEmail', 'OutboundEmail', 'PortalInbound'],
    });
    assert.equal(list.statusCode, 200, list.body);
    const conversations = list.json().ConversationList as Array<{
      RelatedActivityType: string;
      Text: string;
      CreatedBy: string;
      Attachments: Array<{ ContentPath: string; FileSize: number }>;
    }>;
    assert.deepEqual(
      conversations.map((c) => c.RelatedActivityType),
      ['InboundEmail', 'OutboundEmail', 'PortalInbound'],
    );
    const ticket = (await server.lsq(keys, ORG, 'GET', `/tickets/${number}`)).json();
    assert.equal(conversations[0]?.CreatedBy, ticket.LeadId, 'inbound mail is from the lead by default');
    const users = (await server.admin('GET', `/tenants/${ORG}/users`)).json().users as Array<{
      id: string;
      role: string;
    }>;
    const adminId = users.find((u) => u.role === 'Admin')?.id;
    assert.equal(conversations[1]?.CreatedBy, adminId, 'outbound mail is from the ticket creator by default');

    const file = conversations[0]?.Attachments[0];
    assert.equal(file?.FileSize, PNG.length);
    const download = await server.app.inject({
      method: 'GET',
      url: file?.ContentPath.replace(/^https?:\/\/[^/]+/, '') ?? '',
    });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.deepEqual(download.rawPayload, PNG);

    const noBody = await seed({ type: 'InboundEmail' });
    assert.equal(noBody.statusCode, 400);
    const noTicket = await server.admin('POST', `/tenants/${ORG}/tickets/99999/conversations`, {
      type: 'InboundEmail',
      text: 'x',
    });
    assert.equal(noTicket.statusCode, 404);
    assert.equal(noTicket.json().ExceptionType, 'TicketNotFound');
  });

  test('PATCH /tenants/{orgId} changes settings the vendor API enforces', async () => {
    const off = await server.admin('PATCH', `/tenants/${ORG}`, { apiEnabled: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().apiEnabled, false);
    const refused = await server.lsq(keys, ORG, 'GET', '/tickets/1');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().ExceptionType, 'ApiDisabled');
    await server.admin('PATCH', `/tenants/${ORG}`, { apiEnabled: true });
    assert.notEqual((await server.lsq(keys, ORG, 'GET', '/tickets/1')).statusCode, 403);

    const empty = await server.admin('PATCH', `/tenants/${ORG}`, {});
    assert.equal(empty.statusCode, 400, 'a patch must change something');
  });

  test('a second tenant made by a helper is independent', async () => {
    const other = await sandboxTenant(server, ORG + 1);
    const mine = await server.lsq(other, ORG, 'GET', '/tickets/1');
    assert.equal(mine.statusCode, 401, 'another tenant’s keys are refused');
  });
});

describe('sandbox setup: limits and JSON safeguards', () => {
  let server: SandboxServer;
  before(async () => {
    server = await startSandboxServer({ limits: { fileBytes: 100, files: 2, bodyBytes: 2000 } });
    await sandboxTenant(server, ORG);
  });
  after(() => server.close());

  const seed = (attachments: Array<{ fileName: string; contentBase64: string }>) =>
    server.admin('POST', `/tenants/${ORG}/tickets`, {
      lead: { email: 'a@example.com' },
      fields: { Title: 'x' },
      attachments,
    });
  const bytes = (n: number) => Buffer.alloc(n, 7).toString('base64');

  test('attachments obey --max-file-size and --max-files; the body may carry one file of the maximum size', async () => {
    assert.equal((await seed([{ fileName: 'ok.bin', contentBase64: bytes(100) }])).statusCode, 201);
    const big = await seed([{ fileName: 'big.bin', contentBase64: bytes(101) }]);
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().ExceptionType, 'PayloadTooLarge');
    const many = await seed([1, 2, 3].map((i) => ({ fileName: `${i}.bin`, contentBase64: bytes(1) })));
    assert.equal(many.statusCode, 413);
    assert.equal(many.json().ExceptionType, 'TooManyFiles');
    const huge = await seed([{ fileName: 'huge.bin', contentBase64: bytes(5000) }]);
    assert.equal(huge.statusCode, 413, 'a body over the seeding limit is refused before parsing');
    assert.equal(huge.json().ExceptionType, 'PayloadTooLarge');
  });

  test('an empty JSON body counts as {}; __proto__ keys are refused', async () => {
    const headers = { authorization: 'Bearer sandbox-test-token-0123456789', 'content-type': 'application/json' };
    const empty = await server.app.inject({ method: 'POST', url: '/_deskwire/reset', headers, payload: '' });
    assert.equal(empty.statusCode, 200, empty.body);
    const missing = await server.app.inject({ method: 'POST', url: '/_deskwire/tenants', headers, payload: '' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().ExceptionMessage, /orgId/);
    const poisoned = await server.app.inject({
      method: 'POST',
      url: '/_deskwire/tenants',
      headers,
      payload: '{"orgId": 7290, "name": "x", "__proto__": {"admin": true}}',
    });
    assert.equal(poisoned.statusCode, 400);
    assert.equal(poisoned.json().ExceptionType, 'InvalidJson');
  });
});
