import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { WebhookDispatcher } from '@deskwire/server';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';

// docs/webhooks.md's receiver example, run as printed: its ```ts block is written out and started with
// tsx; the server delivers real events to it, and a forged request is refused.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

describe('docs/webhooks.md: the TypeScript receiver example works as printed', { timeout: 60_000 }, () => {
  let server: TestServer;
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let secret = '';
  const dir = join(ROOT, 'node_modules', '.cache', `deskwire-docs-${process.pid}`);

  before(async () => {
    const doc = await readFile(join(ROOT, 'docs', 'webhooks.md'), 'utf8');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    assert.equal(blocks.length, 1, 'one TypeScript block');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'receiver.ts');
    await writeFile(file, blocks[0] ?? '');
    server = await startTestServer({ logLevel: false, webhookDispatch: false });
    const created = await server.app.inject({
      method: 'POST',
      url: `/api/v1/tenants/${DEMO_ORG}/webhooks`,
      headers: auth(server.demo),
      payload: { url: 'http://127.0.0.1:1/placeholder', events: ['ticket.created'] },
    });
    secret = created.json().secret;
    const id = created.json().webhook.id as string;
    child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const deadline = Date.now() + 30_000;
    while (!/listening on (\d+)/.test(output) && Date.now() < deadline) await sleep(50);
    port = Number(/listening on (\d+)/.exec(output)?.[1]);
    assert.ok(port > 0, output);
    // Point the endpoint at the receiver now that its port is known (same secret).
    await server.deskwire.storage.webhooks.deleteEndpoint(DEMO_ORG, id);
    await server.deskwire.storage.webhooks.createEndpoint({
      id,
      orgId: DEMO_ORG,
      url: `http://127.0.0.1:${port}/`,
      events: ['ticket.created'],
      description: '',
      secret,
      enabled: true,
      disabledReason: null,
      createdAt: new Date(),
    });
  });
  after(async () => {
    child?.kill();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('it verifies and acknowledges real deliveries, once per webhook-id, and refuses a forged one', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });
    const number = Number(res.json().Id);
    const dispatcher = new WebhookDispatcher({
      storage: server.deskwire.storage,
      now: () => new Date(Date.now() + 60_000),
      allowPrivate: true,
    });
    await dispatcher.drain();
    const [delivery] = await server.deskwire.storage.webhooks.listDeliveries(
      DEMO_ORG,
      (await server.deskwire.storage.webhooks.listEndpoints(DEMO_ORG))[0]?.id ?? '',
      { limit: 1 },
    );
    assert.equal(delivery?.status, 'delivered');
    assert.equal(delivery?.responseStatus, 204);
    const deadline = Date.now() + 5000;
    while (!output.includes(`ticket ${number}`) && Date.now() < deadline) await sleep(20);
    assert.match(output, new RegExp(`ticket\\.created #\\d+ ticket ${number}\\n`));
    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'webhook-id': 'evt_1_1',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,Zm9yZ2Vk',
      },
      body: '{"id":"evt_1_1"}',
    });
    assert.equal(forged.status, 400);
  });
});
