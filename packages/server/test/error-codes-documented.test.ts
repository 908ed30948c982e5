import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_STATUS } from '@deskwire/server';

test('every error code is documented in docs/errors.md with its HTTP status, and nothing else is', async () => {
  const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map([...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(Object.fromEntries(rows), { ...ERROR_STATUS });
});
