// Every error code is documented in docs/client.md, and the docs list no code that does not exist.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { CLIENT_ERROR_CODES } from '@deskwire/client';

test('docs/client.md documents exactly the error codes of CLIENT_ERROR_CODES', async () => {
  const docs = await readFile(new URL('../../../docs/client.md', import.meta.url), 'utf8');
  const table = docs.slice(docs.indexOf('## Errors'));
  const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), Object.keys(CLIENT_ERROR_CODES).sort());
});
