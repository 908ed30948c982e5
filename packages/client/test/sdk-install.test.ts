// The SDK as a user outside this repository gets it: `npm pack` of @deskwire/wire and @deskwire/client,
// the tarballs installed into a fresh project in the temp directory (its own package.json, no
// workspace, no @types/node), then the README's SDK snippet type-checked (strict) and run there
// against a demo server. The install prefers the npm cache, so it also works without a network
// when the cache holds TypeBox (it does after the workspace's own install).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer, type TestServer } from './helpers/deskwire-server.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const README_HOST = 'http://127.0.0.1:8787';

/** The README's one TypeScript block under "## SDK". */
async function readmeSnippet(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## SDK\n'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(match?.[1], 'README.md has a ```ts block under "## SDK"');
  return match[1];
}

let server: TestServer;
let project: string;
before(async () => {
  server = await startServer();
  project = await mkdtemp(join(tmpdir(), 'deskwire-sdk-user-'));
});
after(async () => {
  await server.close();
  await rm(project, { recursive: true, force: true });
});

test('the packed SDK installs into a fresh project, and the README snippet type-checks and runs there', async () => {
  const { stdout } = await run(
    'npm',
    ['pack', '-w', '@deskwire/wire', '-w', '@deskwire/client', '--pack-destination', project, '--json'],
    { cwd: ROOT },
  );
  const packed = JSON.parse(stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  const tarball = (name: string) => {
    const found = packed.find((p) => p.name === name);
    assert.ok(found, `${name} packed`);
    assert.ok(existsSync(join(project, found.filename)), `${found.filename} written`);
    assert.ok(
      found.files.every((f) => f.path === 'package.json' || /^(dist\/|README|LICENSE)/.test(f.path)),
      `${name} ships its build only: ${found.files.map((f) => f.path).join(', ')}`,
    );
    return `file:./${found.filename}`;
  };
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'deskwire-sdk-user',
      private: true,
      type: 'module',
      dependencies: { '@deskwire/client': tarball('@deskwire/client'), '@deskwire/wire': tarball('@deskwire/wire') },
    }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: project,
    // Outside the workspace: no npm_config_* of the test run leak into the user's install.
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_'))),
  });
  assert.ok(existsSync(join(project, 'node_modules/@deskwire/client/dist/index.d.ts')));
  assert.equal(existsSync(join(project, 'node_modules/@types/node')), false, 'the types need no @types/node');

  const snippet = await readmeSnippet();
  assert.ok(snippet.includes(README_HOST), `the snippet calls ${README_HOST}`);
  await writeFile(join(project, 'index.ts'), snippet.replace(README_HOST, await server.listen()));
  await writeFile(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: [],
        outDir: 'out',
      },
      files: ['index.ts'],
    }),
  );
  await run(process.execPath, [TSC, '-p', project], { cwd: project }).catch((error: { stdout?: string }) => {
    assert.fail(`tsc in the fresh project:\n${error.stdout ?? String(error)}`);
  });
  const output = await run(process.execPath, [join(project, 'out/index.js')], { cwd: project });
  assert.equal(output.stdout, '#143 Update Email Id open\n');
});
