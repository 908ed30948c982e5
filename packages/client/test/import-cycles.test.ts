// No import cycles in the SDK or the CLI (issue 13: `*-client.ts` ⇄ `*-tickets.ts` were two), checked
// with madge over the TypeScript sources, type-only imports included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('madge finds no circular import in packages/client/src and packages/cli/src', () => {
  const run = spawnSync(
    'npx',
    ['--no-install', 'madge', '--circular', '--json', '--extensions', 'ts', 'packages/client/src', 'packages/cli/src'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(run.error, undefined);
  const cycles = JSON.parse(run.stdout) as string[][];
  assert.deepEqual(cycles, [], cycles.map((cycle) => cycle.join(' > ')).join('\n'));
  assert.equal(run.status, 0, run.stderr);
});
