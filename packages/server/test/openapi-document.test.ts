import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { openApiDocument, openApiJson } from '@deskwire/server';
import {
  KAP_OPERATIONS,
  LSQ_OPERATIONS,
  NATIVE_OPERATION_LIST,
  NATIVE_OPERATIONS,
  OPERATIONS,
  SANDBOX_OPERATIONS,
} from '@deskwire/wire';
import { compileErrors, validate } from '@readme/openapi-parser';
import {
  documentedRequestBody,
  documentedResponse,
  responseMismatch,
  validationErrors,
} from './helpers/openapi-responses.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const DOCS_FILE = new URL('../../../docs/openapi.json', import.meta.url);
const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

type Doc = { paths: Record<string, Record<string, { operationId: string }>> };

describe('the OpenAPI 3.1 document', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('docs/openapi.json is exactly the generated document (run `npm run openapi` after changing the catalogue)', async () => {
    assert.equal(await readFile(DOCS_FILE, 'utf8'), openApiJson());
  });

  test('GET /openapi.json serves it without credentials, as JSON', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.body, openApiJson());
    assert.equal(res.json().openapi, '3.1.0');
  });

  test('a maintained validator (@readme/openapi-parser) finds it valid OpenAPI 3.1', async () => {
    const result = await validate(structuredClone(openApiDocument()) as unknown as Parameters<typeof validate>[0]);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.deepEqual(result.warnings, []);
  });

  test('the validator does catch a broken document (the lint is not a no-op)', async () => {
    const broken = structuredClone(openApiDocument()) as unknown as Doc;
    const [first, second] = Object.values(broken.paths);
    const a = Object.values(first ?? {})[0];
    const b = Object.values(second ?? {})[0];
    assert.ok(a && b);
    b.operationId = a.operationId;
    const result = await validate(broken as unknown as Parameters<typeof validate>[0]);
    assert.equal(result.valid, false);
  });

  test('every catalogue operation is in it (vendor operations and their alternates, sandbox controls, /api/v1)', () => {
    const doc = openApiDocument() as unknown as Doc;
    const ids = new Map<string, string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) ids.set(op.operationId, `${method.toUpperCase()} ${path}`);
    }
    for (const op of OPERATIONS) {
      assert.equal(ids.get(op.name), `${op.method} ${op.path}`, op.name);
      op.alternates?.forEach((alt, i) => {
        assert.equal(ids.get(`${op.name}.alternate${i + 1}`), `${op.method} ${alt.path}`);
      });
    }
    for (const op of Object.values(SANDBOX_OPERATIONS)) assert.equal(ids.get(op.name), `${op.method} ${op.path}`);
    for (const op of NATIVE_OPERATION_LIST) assert.equal(ids.get(op.name), `${op.method} ${op.path}`);
    const alternates = OPERATIONS.reduce((n, op) => n + (op.alternates?.length ?? 0), 0);
    assert.equal(
      ids.size,
      OPERATIONS.length + alternates + Object.keys(SANDBOX_OPERATIONS).length + NATIVE_OPERATION_LIST.length,
    );
  });

  test('the security schemes: both LeadSquared headers together, the Kapture token, the sandbox admin token', () => {
    const doc = openApiDocument() as unknown as {
      paths: Record<string, Record<string, { security: unknown }>>;
    };
    const security = (path: string, method: string) => doc.paths[path]?.[method]?.security;
    assert.deepEqual(security(LSQ_OPERATIONS.getTicket.path, 'get'), [{ lsqAccessKey: [], lsqSecretKey: [] }]);
    assert.deepEqual(security(KAP_OPERATIONS.getTickets.path, 'post'), [{ kaptureToken: [] }]);
    assert.deepEqual(security(SANDBOX_OPERATIONS.listTenants.path, 'get'), [{ sandboxAdminToken: [] }]);
    // /api/v1: the key pair or the session cookie; writes with a session also need the CSRF header.
    assert.deepEqual(security(NATIVE_OPERATIONS.getTicket.path, 'get'), [
      { lsqAccessKey: [], lsqSecretKey: [] },
      { deskwireSession: [] },
    ]);
    assert.deepEqual(security(NATIVE_OPERATIONS.updateTicket.path, 'patch'), [
      { lsqAccessKey: [], lsqSecretKey: [] },
      { deskwireSession: [], deskwireCsrf: [] },
    ]);
    assert.deepEqual(security(NATIVE_OPERATIONS.signIn.path, 'post'), []);
  });

  test("the vendors' documented examples (test/fixtures) match the documented schemas", async () => {
    const cases = [
      [documentedResponse(LSQ_OPERATIONS.getTicket.path, 'get', 200), 'lsq-get-ticket-143.json'],
      [documentedResponse(LSQ_OPERATIONS.getTicketConversations.path, 'post', 200), 'lsq-conversations-143.json'],
      [documentedResponse(KAP_OPERATIONS.getTickets.path, 'post', 200), 'kapture-get-ticket-713516551148.json'],
      [documentedRequestBody(KAP_OPERATIONS.getTickets.path, 'post'), 'kapture-get-ticket-request.json'],
    ] as const;
    for (const [validateFixture, name] of cases) {
      assert.ok(validateFixture(await fixture(name)), `${name}: ${validationErrors(validateFixture)}`);
    }
  });

  test('the response check names a response the document does not describe', () => {
    const seen = {
      method: 'GET',
      routeUrl: '/api/tenants/:orgId/tickets/:ticketRef',
      status: 200,
      contentType: 'application/json; charset=utf-8',
    };
    assert.match(responseMismatch({ ...seen, body: '{"TicketNumber":"not a number"}' }) ?? '', /GET .* 200: /);
    assert.match(
      responseMismatch({ ...seen, status: 404, body: '{"Status":"Error","ExceptionType":"TicketNotFound"}' }) ?? '',
      /ExceptionMessage/,
    );
    assert.equal(
      responseMismatch({ ...seen, status: 404, body: '{"Status":"Error","ExceptionType":"X","ExceptionMessage":"m"}' }),
      undefined,
    );
    assert.match(
      responseMismatch({ ...seen, routeUrl: '/_deskwire/nothing', body: '{}' }) ?? '',
      /not in the OpenAPI document/,
    );
    const removed = { method: 'DELETE', routeUrl: '/_deskwire/faults/:id', status: 204, contentType: undefined };
    assert.equal(responseMismatch({ ...removed, body: '' }), undefined);
    assert.match(responseMismatch({ ...removed, body: '{}' }) ?? '', /documented without a body/);
    assert.match(responseMismatch({ ...seen, status: 299, body: '{}' }) ?? '', /documents no 299 response/);
  });

  test('a test server fails on close when it answered something the document does not describe', async () => {
    const other = await startTestServer();
    // A route the catalogue does not have, and a documented route answering outside its schema.
    other.app.get('/api/tenants/:orgId/extra', async () => ({ ok: true }));
    await other.app.inject({ method: 'GET', url: '/api/tenants/22824/extra' });
    await assert.rejects(other.close(), /GET \/api\/tenants\/\{orgId\}\/extra is not in the OpenAPI document/);
  });
});
