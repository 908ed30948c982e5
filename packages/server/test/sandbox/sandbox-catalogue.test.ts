import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { routerPath, SANDBOX_BASE_PATH, SANDBOX_OPERATIONS } from '@deskwire/wire';
import { type SandboxServer, startSandboxServer } from './sandbox-server.js';

let server: SandboxServer;
before(async () => {
  server = await startSandboxServer();
});
after(() => server.close());

/** Every `METHOD /path` the app routes (Fastify's route tree, HEAD left out: Fastify adds it to each GET). */
function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack[depth - 1] ?? ''}${match[2]}`;
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

test('the sandbox routes are exactly the SANDBOX_OPERATIONS of the catalogue (so the OpenAPI document lists them all)', () => {
  const routed = routesOf(server.app.printRoutes({ commonPrefix: false }))
    .filter((route) => route.split(' ')[1]?.startsWith(`${SANDBOX_BASE_PATH}/`))
    .sort();
  const catalogued = Object.values(SANDBOX_OPERATIONS)
    .map((op) => `${op.method} ${routerPath(op.path)}`)
    .sort();
  assert.ok(routed.length > 20, `the route tree was read: ${routed.length} routes`);
  assert.deepEqual(routed, catalogued);
});
