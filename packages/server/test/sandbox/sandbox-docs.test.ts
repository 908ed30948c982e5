import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { buildApp, SANDBOX_PREFIX } from '@deskwire/server';
import { startTestServer } from '../helpers/test-server.js';

const docs = await readFile(new URL('../../../../docs/sandbox.md', import.meta.url), 'utf8');

test('the worked example in docs/sandbox.md is worked-example.test.ts, verbatim', async () => {
  const file = await readFile(new URL('./worked-example.test.ts', import.meta.url), 'utf8');
  const code = file.slice(file.indexOf('import '));
  const section = docs.slice(docs.indexOf('## Worked example'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.equal(block, code);
});

test('every endpoint in the docs table exists on a server with an admin token', async () => {
  const rows = [...docs.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`\s[]*)/gm)];
  assert.ok(rows.length >= 20, `found ${rows.length} rows`);
  const server = await startTestServer({ logLevel: false });
  try {
    const app = await buildApp(server.deskwire, { logLevel: false, adminToken: 'docs-check' });
    for (const [, method, path] of rows) {
      const url = `${SANDBOX_PREFIX}${path?.replace(/\{(\w+)\}/g, ':$1')}`;
      assert.ok(app.hasRoute({ method: method as 'GET', url }), `${method} ${url}`);
    }
    await app.close();
  } finally {
    await server.close();
  }
});
