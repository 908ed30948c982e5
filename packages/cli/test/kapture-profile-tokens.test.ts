import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { runWith } from './helpers/run-cli-env.js';

// A Kapture profile holds one token per API, the customer APIs (K5 addCustomer, K6 getCustomer) included.

test('profile add --vendor kapture keeps API=TOKEN lines for every API, customers included', async (t) => {
  const f = await fixture(t);
  const config = join(f.dataDir, 'config');
  const cli = (args: string[], input: string) => runWith(args, { env: { DESKWIRE_CONFIG_DIR: config }, input });
  const lines = ['get', 'add', 'update', 'pull', 'addCustomer', 'getCustomer'].map((api) => `${api}=token-${api}`);
  const added = await cli(
    ['profile', 'add', 'shop', '--vendor', 'kapture', '--host', 'https://acme.kapturecrm.com'],
    `${lines.join('\n')}\n`,
  );
  assert.equal(added.code, 0, added.stderr);
  const file = JSON.parse(await readFile(join(config, 'profiles.json'), 'utf8'));
  assert.deepEqual(file.profiles.shop.tokens, {
    get: 'token-get',
    add: 'token-add',
    update: 'token-update',
    pull: 'token-pull',
    addCustomer: 'token-addCustomer',
    getCustomer: 'token-getCustomer',
  });

  const unknown = await cli(
    ['profile', 'add', 'bad', '--vendor', 'kapture', '--host', 'https://acme.kapturecrm.com'],
    'get=a\ncustomer=b\n',
  );
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /expected API=TOKEN lines \(get, add, update, pull, addCustomer, getCustomer\)/);
});
