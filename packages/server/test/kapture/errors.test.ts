import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { issueTokens, KAP_PATH, kap, SEED_TICKET_ID, type Tokens } from './kapture-test-server.js';

type Api = keyof typeof KAP_PATH;

describe('Kapture failures: {"message","status":"failed"}, with one HTTP status per kind', () => {
  let server: TestServer;
  let tokens: Tokens;
  before(async () => {
    server = await startTestServer({ logLevel: false, limits: { bodyBytes: 4096 } });
    await server.unlimit();
    tokens = await issueTokens(server);
  });
  after(() => server.close());

  const raw = (api: Api, payload: string | Buffer, contentType = 'application/json') =>
    server.app.inject({
      method: 'POST',
      url: KAP_PATH[api],
      headers: { authorization: `Basic ${tokens[api]}`, 'content-type': contentType },
      payload,
    });

  const framework: Array<[string, Api, () => ReturnType<typeof raw>, number, string | RegExp]> = [
    ['a body that is not JSON', 'get', () => raw('get', '{"ticket_ids": '), 400, 'Invalid Json.'],
    ['a body that is not JSON (create)', 'add', () => raw('add', '[{title:1}]'), 400, 'Invalid Json.'],
    ['an empty JSON body', 'update', () => raw('update', ''), 400, 'Invalid Json.'],
    ['a __proto__ key', 'get', () => raw('get', '{"ticket_ids":"1","__proto__":{"x":1}}'), 400, 'Invalid Json.'],
    [
      'a body over the limit',
      'add',
      () => raw('add', JSON.stringify({ title: 'x'.repeat(5000) })),
      413,
      'Request body is larger than the allowed limit',
    ],
    [
      'a text/plain body',
      'pull',
      () => raw('pull', 'start_date=2024-04-22', 'text/plain'),
      415,
      /^Unsupported Content-Type/,
    ],
    [
      'a form body',
      'add',
      () => raw('add', 'title=x', 'application/x-www-form-urlencoded'),
      415,
      /^Unsupported Content-Type/,
    ],
  ];
  for (const [name, _api, send, status, message] of framework) {
    test(`${name} → ${status}`, async () => {
      const res = await send();
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const body = res.json() as { message: string; status: string };
      assert.deepEqual(Object.keys(body), ['message', 'status']);
      assert.equal(body.status, 'failed');
      if (typeof message === 'string') assert.equal(body.message, message);
      else assert.match(body.message, message);
    });
  }

  test('another method on a Kapture path → 404 in the Kapture shape', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await server.app.inject({ method, url: KAP_PATH.get });
      assert.equal(res.statusCode, 404, method);
      assert.deepEqual(res.json(), {
        message: `${method} is not supported; this API takes POST with a JSON body`,
        status: 'failed',
      });
    }
  });

  test('every documented message has one HTTP status, whichever endpoint answers it', async () => {
    const cases: Array<[Api, unknown, string, number]> = [
      ['get', [{ ticket_ids: SEED_TICKET_ID }], 'Invalid Json.', 400],
      ['add', [], 'Invalid Json.', 400],
      ['update', [1], 'Invalid Json.', 400],
      ['pull', [[]], 'Invalid Json.', 400],
      ['get', {}, 'ticket_ids are missing.', 400],
      ['add', [{}], 'title is missing', 400],
      ['update', [{}], 'No Data found/ticket_id is missing', 404],
      ['update', [{ ticket_id: '999999999999' }], 'No Data found/ticket_id is missing', 404],
      [
        'update',
        [{ ticket_id: SEED_TICKET_ID, callback_time: 'soon' }],
        'Invalid Format.callback_date should be yyyy-MM-dd hh:mm:ss.',
        400,
      ],
      ['pull', [{ end_date: '2024-04-22' }], 'either start_date is null or blank', 400],
    ];
    for (const [api, payload, message, status] of cases) {
      const res = await kap(server, api, tokens[api], payload);
      assert.equal(res.statusCode, status, `${api} ${JSON.stringify(payload)}`);
      assert.deepEqual(res.json(), { message, status: 'failed' });
    }
    for (const api of Object.keys(KAP_PATH) as Api[]) {
      const res = await kap(server, api, 'wrong', {});
      assert.equal(res.statusCode, 401, api);
      assert.deepEqual(res.json(), { message: 'Invalid Auth Key', status: 'failed' });
    }
  });

  test('the LeadSquared dialect keeps its own envelope', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/tenants/22824/tickets/143' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().Status, 'Error');
  });
});
