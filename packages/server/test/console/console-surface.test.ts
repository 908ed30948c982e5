import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

// A console directory as Vite writes it: index.html and content-hashed files under assets/.
const INDEX =
  '<!doctype html><title>console</title><script type="module" src="/console/assets/app-1a2b3c.js"></script>';
const SCRIPT = 'document.title = "console";';

describe('the console surface (/console/)', () => {
  let server: TestServer;
  let consoleDir: string;

  before(async () => {
    consoleDir = await mkdtemp(join(tmpdir(), 'deskwire-console-'));
    await mkdir(join(consoleDir, 'assets'));
    await writeFile(join(consoleDir, 'index.html'), INDEX);
    await writeFile(join(consoleDir, 'assets', 'app-1a2b3c.js'), SCRIPT);
    await writeFile(join(consoleDir, '.secret'), 'not for the web');
    server = await startTestServer({ logLevel: false, consoleDir });
  });
  after(async () => {
    await server.close();
    await rm(consoleDir, { recursive: true, force: true });
  });

  const get = (url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => server.app.inject({ method, url });

  test('serves index.html at /console/ under a strict Content-Security-Policy, revalidated on every load', async () => {
    const response = await get('/console/');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, INDEX);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['cache-control'], 'no-cache');
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts from the console origin only');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, 'no inline script or style, no eval, no wildcard');
    for (const directive of csp.split('; ').filter((d) => !d.startsWith('img-src'))) {
      assert.doesNotMatch(directive, /https?:/, `${directive}: no remote origin`);
    }
    assert.match(csp, /img-src 'self' data: blob: https:/, 'remote images only, for email the agent chose to load');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
  });

  test('hashed assets are cached for a year as immutable, with the same headers', async () => {
    const response = await get('/console/assets/app-1a2b3c.js');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, SCRIPT);
    assert.match(String(response.headers['content-type']), /javascript/);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
  });

  test('SPA fallback: any page path under /console/ answers index.html (the app routes it)', async () => {
    for (const path of ['/console/tickets/143', '/console/admin/users', '/console/tickets/143?tab=thread']) {
      const response = await get(path);
      assert.equal(response.statusCode, 200, path);
      assert.equal(response.body, INDEX, path);
      assert.equal(response.headers['cache-control'], 'no-cache', path);
      assert.match(String(response.headers['content-security-policy']), /default-src 'none'/, path);
    }
  });

  test('a missing asset, a file-like path, a dotfile and a POST are 404s, not the app', async () => {
    for (const [method, path] of [
      ['GET', '/console/assets/missing-000000.js'],
      ['GET', '/console/favicon.png'],
      ['GET', '/console/.secret'],
      ['POST', '/console/tickets/143'],
    ] as const) {
      const response = await get(path, method);
      assert.equal(response.statusCode, 404, `${method} ${path}`);
      assert.notEqual(response.body, INDEX, `${method} ${path}`);
      assert.doesNotMatch(response.body, /not for the web/);
    }
  });

  test('a path that climbs out of the console directory is refused', async () => {
    for (const path of ['/console/..%2f..%2fetc%2fpasswd', '/console/assets/..%2f..%2f..%2fpackage.json']) {
      const response = await get(path);
      assert.equal(response.statusCode, 404, path);
      assert.doesNotMatch(response.body, /root:|"name"/, path);
    }
  });

  test('the vendor APIs are untouched: an unknown path outside /console is still the vendor 404', async () => {
    const response = await get('/');
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-security-policy'], undefined);
  });
});

describe('without consoleDir', () => {
  test('/console/ is an unknown path (the server does not depend on the console package)', async () => {
    const server = await startTestServer({ logLevel: false });
    try {
      const response = await server.app.inject({ method: 'GET', url: '/console/' });
      assert.equal(response.statusCode, 404);
      assert.equal(response.headers['content-security-policy'], undefined);
    } finally {
      await server.close();
    }
  });

  test('a consoleDir without index.html stops the server from starting, naming the fix', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'deskwire-console-empty-'));
    try {
      await assert.rejects(startTestServer({ logLevel: false, consoleDir: empty }), /holds no index\.html/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
