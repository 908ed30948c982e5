import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { NATIVE_OPERATION_LIST, routerPath } from '@deskwire/wire';
import { DEMO_ORG, startTestServer } from '../helpers/test-server.js';

// docs/api.md stays true: every catalogue operation is in its table, every path it names is served, and its
// examples are requests the server answers as shown.

const DOC = new URL('../../../../docs/api.md', import.meta.url);

test('docs/api.md lists every /api/v1 operation of the catalogue, and nothing else', async () => {
  const doc = await readFile(DOC, 'utf8');
  const rows = [...doc.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/api\/v1[^`?]*)(?:\?[^`]*)?` \|/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  const catalogue = NATIVE_OPERATION_LIST.map((op) => `${op.method} ${op.path}`);
  assert.deepEqual([...rows].sort(), [...catalogue].sort());
});

test("docs/api.md's examples: the curl calls answer as the doc says", async () => {
  const doc = await readFile(DOC, 'utf8');
  assert.match(doc, /tickets\?status=Open&unassigned=true&limit=10/);
  assert.match(doc, /\{ "error": \{ "code": "TicketNotFound", "message": "Ticket '999' does not exist" \} \}/);
  const server = await startTestServer();
  try {
    const headers = { 'x-lsq-access-key': server.demo.accessKey, 'x-lsq-secret-key': server.demo.secretKey };
    const list = await server.app.inject({
      method: 'GET',
      url: `/api/v1/tenants/${DEMO_ORG}/tickets?status=Open&unassigned=true&limit=10`,
      headers,
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(Array.isArray(list.json().tickets));
    const missing = await server.app.inject({ method: 'GET', url: `/api/v1/tenants/${DEMO_ORG}/tickets/999`, headers });
    assert.deepEqual(missing.json(), { error: { code: 'TicketNotFound', message: "Ticket '999' does not exist" } });
    for (const op of NATIVE_OPERATION_LIST) {
      const served = server.app.hasRoute({ method: op.method, url: routerPath(op.path) });
      assert.ok(served, `${op.method} ${op.path} is served`);
    }
  } finally {
    await server.close();
  }
});
