// The SDK stays light: it depends on the wire package and TypeBox only, and its build imports
// nothing of the server's (no fastify, no better-sqlite3), so installing it pulls in neither.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { test } from 'node:test';

const root = new URL('../', import.meta.url);

test('package.json depends on @deskwire/wire and @sinclair/typebox only', async () => {
  const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(pkg.dependencies as object).sort(), ['@deskwire/wire', '@sinclair/typebox']);
  assert.equal(pkg.peerDependencies, undefined);
  assert.equal(pkg.optionalDependencies, undefined);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
});

test('the built code imports only node: built-ins, @deskwire/wire and @sinclair/typebox', async () => {
  const dist = new URL('dist/', root);
  const files = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js'));
  assert.ok(files.length > 10, 'the package is built');
  const allowed = (spec: string) =>
    spec.startsWith('.') ||
    spec.startsWith('node:') ||
    builtinModules.includes(spec) ||
    spec === '@deskwire/wire' ||
    spec === '@sinclair/typebox' ||
    spec.startsWith('@sinclair/typebox/');
  for (const file of files) {
    const code = await readFile(new URL(file, dist), 'utf8');
    for (const [, spec] of code.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
      assert.ok(allowed(spec ?? ''), `${file} imports ${spec}`);
    }
    assert.doesNotMatch(code, /import\(\s*['"](?!\.|node:)/, `${file}: no dynamic imports of packages`);
  }
});
