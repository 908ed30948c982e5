import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, request } from './helpers/run-cli.js';

/**
 * The reference deployment (deploy/compose.yaml, Dockerfile, docs/deploy.md) cannot be run here (no
 * Docker engine on CI), so its contract with the code is checked instead: every DESKWIRE_* variable
 * it sets is one the CLI reads, and every one the docs promise is read too. A renamed flag or
 * variable then fails this test rather than a deployment.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VARIABLE = /\bDESKWIRE_[A-Z0-9_]*[A-Z0-9]\b/g;

async function sourceText(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) text += await sourceText(path);
    else if (entry.name.endsWith('.ts')) text += await readFile(path, 'utf8');
  }
  return text;
}

/** Variables the CLI reads: `process.env.NAME`, `env('NAME')` or `process.env[NAME]`-style string literals. */
async function variablesRead(): Promise<Set<string>> {
  const source = await sourceText(join(ROOT, 'packages/cli/src'));
  const read = new Set<string>();
  for (const match of source.matchAll(/process\.env\.(DESKWIRE_[A-Z0-9_]+)|['"`](DESKWIRE_[A-Z0-9_]+)['"`]/g)) {
    read.add(match[1] ?? match[2] ?? '');
  }
  return read;
}

test('every DESKWIRE_* variable the deployment files set is read by the CLI', async () => {
  const read = await variablesRead();
  for (const file of ['deploy/compose.yaml', 'Dockerfile']) {
    const text = await readFile(join(ROOT, file), 'utf8');
    const set = new Set(text.match(VARIABLE) ?? []);
    assert.ok(file === 'Dockerfile' || set.size > 5, `${file} sets the deployment's variables`);
    for (const name of set) assert.ok(read.has(name), `${file} sets ${name}, which nothing reads`);
  }
});

test('every DESKWIRE_* variable in docs/deploy.md is read by the CLI', async () => {
  const read = await variablesRead();
  const text = await readFile(join(ROOT, 'docs/deploy.md'), 'utf8');
  for (const name of new Set(text.match(VARIABLE) ?? [])) {
    assert.ok(read.has(name), `docs/deploy.md documents ${name}, which nothing reads`);
  }
});

test('the compose file starts instances only after the one-shot migration, and puts them behind the balancer', async () => {
  const compose = await readFile(join(ROOT, 'deploy/compose.yaml'), 'utf8');
  const nginx = await readFile(join(ROOT, 'deploy/nginx.conf'), 'utf8');
  assert.match(compose, /migrate:\n\s+condition: service_completed_successfully/);
  const instances = [...compose.matchAll(/^ {2}(deskwire-\d+): \*deskwire$/gm)].map((m) => m[1]);
  assert.ok(instances.length >= 2, 'at least two instances');
  for (const name of instances) assert.match(nginx, new RegExp(`server ${name}:8787`));
});

test("the README's docker run line publishes on loopback only, and its arguments serve the demo", async (t) => {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const line = /^docker run (.+)$/m.exec(readme)?.[1];
  assert.ok(line, 'README.md has a docker run line');
  const words = line.split(/\s+/);
  const published = words[words.indexOf('-p') + 1];
  assert.equal(published, '127.0.0.1:8787:8787', 'the port is published on 127.0.0.1 only');
  // After the image come the CLI's arguments (the ENTRYPOINT is the CLI): serve on every interface inside.
  const args = words.slice(words.indexOf('deskwire') + 1);
  assert.deepEqual(args.slice(0, 3), ['serve', '--host', '0.0.0.0']);
  assert.ok(args.includes('--demo'));
  // The same arguments on this machine (loopback, a free port): they start a server that answers ticket #143.
  const rest = args
    .slice(1)
    .filter((word, i, all) => !['--host', '--port'].includes(word) && !['--host', '--port'].includes(all[i - 1] ?? ''));
  const f = await fixture(t);
  const server = await f.serve(...rest);
  const res = await request(`${server.url}/api/tenants/${DEMO_ORG}/tickets/143`, {
    headers: {
      'X-LSQ-ACCESS-KEY': 'u$rdeskwire-demo-22824',
      'X-LSQ-SECRET-KEY': 'deskwire-demo-secret-not-for-production',
    },
  });
  assert.equal(res.status, 200, res.body.toString());
  assert.equal(res.json().Id, '143');
});
