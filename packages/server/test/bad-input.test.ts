import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_STATUS } from '@deskwire/server';
import type { InjectOptions } from 'fastify';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const TICKETS = `/api/tenants/${DEMO_ORG}/tickets`;
const FILTER = `/api/tenants/${DEMO_ORG}/conversation/filter`;
const NOT_FOUND = {
  Status: 'Error',
  ExceptionType: 'NotFound',
  ExceptionMessage: 'The API could not be found. Please check the API signature.',
};

interface Envelope {
  Status: string;
  ExceptionType: string;
  ExceptionMessage: string;
}

describe('bad input is answered with the error envelope, never a 500', () => {
  let server: TestServer;
  /** Every status the server answered in this file, to check that none was a 5xx. */
  const statuses: number[] = [];
  /** The number the last successful create got. */
  let lastNumber = 0;

  before(async () => {
    server = await startTestServer({ limits: { bodyBytes: 2048 } }); // logs kept in memory, read at the end
    await server.unlimit();
    lastNumber = Number((await createOk()).Id);
  });
  after(() => server.close());

  async function send(options: InjectOptions & { keys?: false }) {
    const { keys, ...rest } = options;
    const res = await server.app.inject({
      method: 'POST',
      url: TICKETS,
      ...rest,
      headers: { ...(keys === false ? {} : auth(server.demo)), ...(rest.headers as Record<string, string>) },
    });
    statuses.push(res.statusCode);
    return res;
  }

  async function createOk() {
    const res = await server.app.inject({
      method: 'POST',
      url: TICKETS,
      headers: auth(server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { Id: string };
  }

  /** A JSON request body sent as raw text with `Content-Type: application/json`. */
  const json = (payload: string, url = TICKETS) =>
    send({ url, payload, headers: { 'content-type': 'application/json' } });

  /** Checks status, code and that the body is exactly the 3-key envelope; returns the body. */
  function expectError(
    res: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => unknown },
    status: number,
    type: keyof typeof ERROR_STATUS,
  ): Envelope {
    assert.notEqual(res.statusCode, 500, res.body);
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json() as Envelope;
    assert.deepEqual(Object.keys(body), ['Status', 'ExceptionType', 'ExceptionMessage'], 'exactly the envelope');
    assert.equal(body.Status, 'Error');
    assert.equal(body.ExceptionType, type);
    assert.ok(Object.hasOwn(ERROR_STATUS, body.ExceptionType), 'a documented error code');
    assert.equal(ERROR_STATUS[type], status);
    assert.equal(typeof body.ExceptionMessage, 'string');
    assert.ok(body.ExceptionMessage.length > 0);
    return body;
  }

  /** No create was half-done: the next one gets the next consecutive number. */
  async function expectNoTicketCreated() {
    const id = Number((await createOk()).Id);
    const expected = lastNumber + 1;
    lastNumber = id;
    assert.equal(id, expected, 'no ticket number was used by the failed request');
  }

  describe('malformed JSON', () => {
    test('a body that is not JSON: 400 InvalidJson', async () => {
      const body = expectError(await json('{"TypeId": "1", "Fields": ['), 400, 'InvalidJson');
      assert.match(body.ExceptionMessage, /not valid JSON/);
      await expectNoTicketCreated();
    });

    test('trailing garbage after the object: 400 InvalidJson', async () => {
      expectError(await json(`${JSON.stringify(documentedCreateBody(DEMO_LEAD))} x`), 400, 'InvalidJson');
      await expectNoTicketCreated();
    });

    test('an empty body with Content-Type application/json: 400', async () => {
      const res = await json('');
      expectError(res, 400, 'InvalidJson');
      await expectNoTicketCreated();
    });

    test('a whitespace-only JSON body: 400', async () => {
      expectError(await json('   '), 400, 'InvalidJson');
    });

    test('a JSON body on the conversation filter that is not JSON: 400 InvalidJson', async () => {
      expectError(await json('{"TicketId":', FILTER), 400, 'InvalidJson');
    });

    test('a body with {"__proto__":{}}: 400', async () => {
      const err = expectError(await json('{"__proto__":{}}'), 400, 'InvalidJson');
      assert.match(err.ExceptionMessage, /__proto__/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      await expectNoTicketCreated();
    });

    test('a create body carrying a __proto__ key next to valid fields: 400, nothing created', async () => {
      const payload = JSON.stringify(documentedCreateBody(DEMO_LEAD)).replace('{', '{"__proto__":{"polluted":true},');
      expectError(await json(payload), 400, 'InvalidJson');
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
      await expectNoTicketCreated();
    });

    test('a body with constructor.prototype: 400', async () => {
      expectError(await json('{"constructor":{"prototype":{"polluted":true}}}'), 400, 'InvalidJson');
    });
  });

  describe('wrong shapes and types: 400 ValidationError naming the property', () => {
    for (const [label, payload] of [
      ['a JSON array instead of an object', '[]'],
      ['an array holding the create body', JSON.stringify([documentedCreateBody(DEMO_LEAD)])],
      ['a JSON string', '"ticket"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
    ] as const) {
      test(`${label}: 400 ValidationError`, async () => {
        expectError(await json(payload), 400, 'ValidationError');
        await expectNoTicketCreated();
      });
    }

    const create = (patch: Record<string, unknown>) => ({ ...documentedCreateBody(DEMO_LEAD), ...patch });
    for (const [label, body, property] of [
      ['TypeId as the number 1', create({ TypeId: 1 }), 'TypeId'],
      ['TypeId as null', create({ TypeId: null }), 'TypeId'],
      ['Fields as an object', create({ Fields: { SchemaName: 'Title', Value: 'x' } }), 'Fields'],
      ['Fields as a string', create({ Fields: 'Title=x' }), 'Fields'],
      ['RelatedTicketTypeId as the string "1"', create({ RelatedTicketTypeId: '1' }), 'RelatedTicketTypeId'],
      ['RelatedTicketTypeId as 1.5', create({ RelatedTicketTypeId: 1.5 }), 'RelatedTicketTypeId'],
      ['a field Value that is an object', create({ Fields: [{ SchemaName: 'Title', Value: { a: 1 } }] }), 'Value'],
      ['a field without SchemaName', create({ Fields: [{ Value: 'x' }] }), 'SchemaName'],
      ['TriggerSLA as the string "true"', create({ TriggerSLA: 'true' }), 'TriggerSLA'],
      ['LeadId as a number', create({ LeadId: 7 }), 'LeadId'],
    ] as const) {
      test(`create with ${label}: 400 ValidationError naming ${property}`, async () => {
        const res = await send({ payload: body });
        const err = expectError(res, 400, 'ValidationError');
        assert.match(err.ExceptionMessage, new RegExp(property));
        await expectNoTicketCreated();
      });
    }

    for (const property of ['TypeId', 'Fields', 'RelatedTicketTypeId'] as const) {
      test(`create without the required ${property}: 400 naming it`, async () => {
        const body: Record<string, unknown> = documentedCreateBody(DEMO_LEAD);
        delete body[property];
        const err = expectError(await send({ payload: body }), 400, 'ValidationError');
        assert.match(err.ExceptionMessage, new RegExp(`'${property}' is required`));
        await expectNoTicketCreated();
      });
    }

    test('an empty object: 400 naming a required property', async () => {
      const err = expectError(await json('{}'), 400, 'ValidationError');
      assert.match(err.ExceptionMessage, /'(TypeId|Fields|RelatedTicketTypeId)' is required/);
      await expectNoTicketCreated();
    });

    const filter = { TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail', 'OutboundEmail'] };
    test('the documented conversation filter is accepted (control case)', async () => {
      const res = await send({ url: FILTER, payload: filter });
      assert.equal(res.statusCode, 200, res.body);
    });

    for (const [label, body, property] of [
      ['TicketId as the string "143"', { ...filter, TicketId: '143' }, 'TicketId'],
      ['OrgId as a string', { ...filter, OrgId: String(DEMO_ORG) }, 'OrgId'],
      ['ActivityType as a string', { ...filter, ActivityType: 'InboundEmail' }, 'ActivityType'],
      ['an unknown ActivityType', { ...filter, ActivityType: ['Fax'] }, 'ActivityType'],
    ] as const) {
      test(`conversation filter with ${label}: 400 ValidationError naming ${property}`, async () => {
        const err = expectError(await send({ url: FILTER, payload: body }), 400, 'ValidationError');
        assert.match(err.ExceptionMessage, new RegExp(property));
      });
    }

    for (const property of ['TicketId', 'OrgId', 'ActivityType'] as const) {
      test(`conversation filter without the required ${property}: 400 naming it`, async () => {
        const body: Record<string, unknown> = { ...filter };
        delete body[property];
        const err = expectError(await send({ url: FILTER, payload: body }), 400, 'ValidationError');
        assert.match(err.ExceptionMessage, new RegExp(`'${property}' is required`));
      });
    }

    test('a conversation filter that is a JSON array: 400 ValidationError', async () => {
      expectError(await json('[]', FILTER), 400, 'ValidationError');
    });
  });

  describe('size and media type', () => {
    test('a body over the JSON limit (2048 bytes): 413 PayloadTooLarge', async () => {
      const body = documentedCreateBody(DEMO_LEAD);
      body.Fields = body.Fields.map((f) => (f.SchemaName === 'Description' ? { ...f, Value: 'd'.repeat(4000) } : f));
      expectError(await send({ payload: body }), 413, 'PayloadTooLarge');
      await expectNoTicketCreated();
    });

    test('a body just under the limit is accepted (control case)', async () => {
      const body = documentedCreateBody(DEMO_LEAD);
      const room = 2048 - JSON.stringify(body).length;
      body.Fields = body.Fields.map((f) =>
        f.SchemaName === 'Description' ? { ...f, Value: f.Value + 'd'.repeat(room) } : f,
      );
      assert.equal(JSON.stringify(body).length, 2048);
      const res = await send({ payload: body });
      assert.equal(res.statusCode, 200, res.body);
      lastNumber = Number(res.json().Id);
    });

    test('a body over the limit on the conversation filter: 413 PayloadTooLarge', async () => {
      const payload = JSON.stringify({
        TicketId: 143,
        OrgId: DEMO_ORG,
        ActivityType: ['InboundEmail'],
        pad: 'p'.repeat(3000),
      });
      expectError(await json(payload, FILTER), 413, 'PayloadTooLarge');
    });

    for (const contentType of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/xml',
      'application/x-www-form-urlencoded',
    ]) {
      test(`Content-Type ${contentType}: 415 UnsupportedMediaType`, async () => {
        const payload = contentType.startsWith('application/x-www')
          ? 'TypeId=1'
          : JSON.stringify(documentedCreateBody(DEMO_LEAD));
        expectError(await send({ payload, headers: { 'content-type': contentType } }), 415, 'UnsupportedMediaType');
        await expectNoTicketCreated();
      });
    }

    test('text/plain on the conversation filter: 415 UnsupportedMediaType', async () => {
      const payload = JSON.stringify({ TicketId: 143, OrgId: DEMO_ORG, ActivityType: ['InboundEmail'] });
      expectError(
        await send({ url: FILTER, payload, headers: { 'content-type': 'text/plain' } }),
        415,
        'UnsupportedMediaType',
      );
    });
  });

  describe('unknown routes: 404 NotFound envelope', () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/api/tenants'],
      ['GET', `/api/tenants/${DEMO_ORG}/nope`],
      ['POST', `/api/tenants/${DEMO_ORG}/ticketz`],
      ['DELETE', `/api/tenants/${DEMO_ORG}/tickets/143`],
      ['GET', `/api/tenants/${DEMO_ORG}/tickets/143/extra`],
    ] as const) {
      test(`${method} ${url}`, async () => {
        const res = await send({ method, url });
        expectError(res, 404, 'NotFound');
        assert.deepEqual(res.json(), NOT_FOUND);
      });
    }

    test('an unknown route without keys: the same 404 envelope', async () => {
      const res = await send({ method: 'GET', url: `/api/tenants/${DEMO_ORG}/nope`, keys: false });
      expectError(res, 404, 'NotFound');
      assert.deepEqual(res.json(), NOT_FOUND);
    });
  });

  test('no request in this file was answered with a 5xx or logged as a failure', () => {
    assert.ok(statuses.length > 50, `${statuses.length} requests were checked`);
    assert.deepEqual(
      statuses.filter((s) => s >= 500),
      [],
    );
    assert.doesNotMatch(server.logs(), /"level":50/, 'no error was logged');
  });
});
