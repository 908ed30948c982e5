import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * npm links a package's bins before `prepare` builds dist/, and silently skips a bin whose file is
 * missing, so on a fresh clone a bin pointing into dist/ never reaches node_modules/.bin. The bin is
 * therefore a committed, executable file outside dist/; `.ci/run` proves `npx deskwire --version`
 * after a fresh `npm ci`.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'packages/cli');

test('the deskwire bin is a committed, executable file outside dist/, shipped in the package', async () => {
  const pkg = JSON.parse(await readFile(join(CLI, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    files: string[];
  };
  const target = pkg.bin.deskwire;
  assert.ok(target, 'a deskwire bin');
  const path = target.replace(/^\.\//, '');
  assert.doesNotMatch(path, /^dist\//, 'not a build output: it must exist when npm links bins');
  assert.ok(
    pkg.files.some((f) => path.startsWith(`${f}/`)),
    `package.json "files" ships ${path}`,
  );
  const { stdout } = await run('git', ['ls-files', '--stage', '--', `packages/cli/${path}`], { cwd: ROOT });
  assert.match(stdout, /^100755 /, `packages/cli/${path} is tracked by git as executable`);
  assert.match(await readFile(join(CLI, path), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('node_modules/.bin/deskwire (linked by npm install) runs the CLI', async () => {
  const { stdout } = await run(join(ROOT, 'node_modules/.bin/deskwire'), ['--version'], { cwd: ROOT });
  assert.equal(stdout, '0.1.0\n');
});
