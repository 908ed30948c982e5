import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { runCli } from './helpers/run-cli.js';

const COMMANDS = [
  ['serve'],
  ['tenant', 'create'],
  ['tenant', 'update'],
  ['key', 'create'],
  ['key', 'revoke'],
  ['lookups', 'set'],
  ['field', 'add'],
  ['conversation', 'add'],
] as const;

describe('deskwire --help', () => {
  for (const command of COMMANDS) {
    test(`${command.join(' ')} --help exits 0 and shows an Example:`, async () => {
      const result = await runCli([...command, '--help']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Usage: deskwire ${command.join(' ')} `, 'm'));
      assert.match(result.stdout, /^Example:\n {2}deskwire /m);
      assert.ok(result.stdout.includes(`deskwire ${command.join(' ')}`), 'the example runs this very command');
    });
  }

  test('deskwire --help exits 0 and lists every command', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0, result.stderr);
    for (const name of ['serve', 'tenant', 'key', 'lookups', 'field', 'conversation']) {
      assert.match(result.stdout, new RegExp(`^ {2}${name}\\b`, 'm'), `lists ${name}`);
    }
  });

  test('deskwire --version exits 0', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^[0-9]+\.[0-9]+\.[0-9]+\n$/);
  });
});

describe('deskwire usage errors exit 2', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['tenant create without --org-id', ['tenant', 'create', '--name', 'Acme'], /--org-id/],
    ['tenant create without --name', ['tenant', 'create', '--org-id', '1001'], /--name/],
    ['key create without --org-id', ['key', 'create', '--role', 'Agent'], /--org-id/],
    ['key revoke without --access-key', ['key', 'revoke', '--org-id', '1001'], /--access-key/],
    ['lookups set without --org-id', ['lookups', 'set', 'Status', 'Open'], /--org-id/],
    ['lookups set without values', ['lookups', 'set', 'Status', '--org-id', '1001'], /values/],
    [
      'a non-numeric --org-id',
      ['tenant', 'create', '--org-id', 'abc', '--name', 'Acme'],
      /'abc' is not a positive integer/,
    ],
    ['--org-id 0', ['key', 'create', '--org-id', '0'], /'0' is not a positive integer/],
    ['an unknown --role', ['key', 'create', '--org-id', '1001', '--role', 'Owner'], /Owner/],
    [
      '--api-enabled maybe',
      ['tenant', 'update', '--org-id', '1001', '--api-enabled', 'maybe'],
      /'maybe' is not true or false/,
    ],
    ['a bad --rate-limit', ['tenant', 'update', '--org-id', '1001', '--rate-limit', 'lots'], /'lots'/],
    ['serve --port 70000', ['serve', '--port', '70000'], /'70000' is not a port number/],
    ['serve --log-level loud', ['serve', '--log-level', 'loud'], /loud/],
    ['serve --max-files many', ['serve', '--max-files', 'many'], /'many' is not a positive integer/],
    [
      'conversation add without --text or --html',
      ['conversation', 'add', '--org-id', '22824', '--ticket', '143', '--type', 'InboundEmail'],
      /--html FILE or --text TEXT/,
    ],
    [
      'conversation add with an unknown --type',
      ['conversation', 'add', '--org-id', '22824', '--ticket', '143', '--type', 'Fax', '--text', 'x'],
      /Fax/,
    ],
    ['an unknown command', ['frobnicate'], /unknown command/],
    ['an unknown option', ['tenant', 'create', '--org-id', '1001', '--name', 'Acme', '--colour', 'red'], /--colour/],
  ];

  for (const [label, args, message] of cases) {
    test(label, async (t) => {
      const f = await fixture(t);
      const result = await runCli([...args, '--data-dir', f.dataDir]);
      assert.equal(result.code, 2, `exit code of deskwire ${args.join(' ')}; stderr:\n${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '', 'usage errors print nothing on stdout');
      assert.deepEqual(await readdir(f.dataDir), [], 'a usage error touches no data');
    });
  }

  test('a failing command (not a usage error) exits 1', async (t) => {
    const f = await fixture(t);
    const create = ['tenant', 'create', '--org-id', '4242', '--name', 'Acme', '--data-dir', f.dataDir];
    assert.equal((await runCli(create)).code, 0);
    const result = await runCli(create);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^deskwire: .*4242/m);
  });
});
