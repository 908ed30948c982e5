import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The documentation must stand alone in a clone: no pointer to research notes that live outside the
 * repository (`shared/spec/…`, `shared/seeds/…`), and every relative link resolves to a file in it.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function markdownFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await markdownFiles(path)));
    else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

test('no document points at files outside the repository (shared/spec, shared/seeds)', async () => {
  const files = await markdownFiles(ROOT);
  assert.ok(files.some((f) => f.endsWith('README.md')) && files.length > 5, 'the docs are found');
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const [line, content] of text.split('\n').entries()) {
      assert.doesNotMatch(content, /\bshared\/(?:spec|seeds|style)\b/, `${relative(ROOT, file)}:${line + 1}`);
    }
  }
});

test('every relative link in the docs resolves to a file in the repository', async () => {
  for (const file of await markdownFiles(ROOT)) {
    const text = await readFile(file, 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const path = resolve(dirname(file), decodeURIComponent(target.split('#')[0] ?? ''));
      assert.ok(path.startsWith(ROOT), `${relative(ROOT, file)} links outside the repository: ${target}`);
      assert.ok(existsSync(path), `${relative(ROOT, file)} links to a missing file: ${target}`);
    }
  }
});
