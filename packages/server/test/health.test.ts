import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { startTestServer } from './helpers/test-server.js';

test('GET /healthz answers 200 with the storage engine, 503 once the store is gone', async () => {
  const server = await startTestServer({ logLevel: false });
  try {
    const ok = await server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { status: 'ok', storage: server.deskwire.storage.adapter.name });
    await server.deskwire.storage.close();
    const down = await server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'unavailable', storage: server.deskwire.storage.adapter.name });
  } finally {
    await server.app.close();
    await rm(server.dataDir, { recursive: true, force: true });
  }
});
