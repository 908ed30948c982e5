import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture } from './helpers/fixture.js';
import { DEMO_ORG, runCli, runCliJson } from './helpers/run-cli.js';

// About a dozen CLI runs, each a process start: generous for a loaded machine.
const TEST_TIMEOUT = 300_000;

describe('deskwire webhook and events', () => {
  test(
    'webhook add prints the secret once; list/deliveries/redeliver/remove; events tail prints the log as JSON lines',
    { timeout: TEST_TIMEOUT },
    async (t) => {
      const f = await fixture(t);
      const server = await f.serve('--demo', '--no-webhook-dispatch');
      await server.kill();
      const dir = ['--data-dir', f.dataDir];
      const org = ['--org-id', String(DEMO_ORG)];
      const added = await runCliJson<{ webhook: { id: string; events: string[] }; secret: string }>([
        'webhook',
        'add',
        ...org,
        '--url',
        'https://hooks.invalid/deskwire',
        '--events',
        'ticket.created,conversation.added',
        '--json',
        ...dir,
      ]);
      assert.match(added.secret, /^whsec_/);
      assert.deepEqual(added.webhook.events, ['ticket.created', 'conversation.added']);
      const listed = await runCli(['webhook', 'list', ...org, '--json', ...dir]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(!listed.stdout.includes(added.secret.slice(6)), 'the secret is not listed');
      const bad = await runCli(['webhook', 'add', ...org, '--url', 'https://x.invalid/', '--events', 'nope', ...dir]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /'nope' is not an event type/);
      // A change through the CLI is an event with origin cli, queued for the webhook.
      const note = await runCli([
        'conversation',
        'add',
        ...org,
        '--ticket',
        '143',
        '--type',
        'InboundEmail',
        '--text',
        'from the CLI',
        ...dir,
      ]);
      assert.equal(note.code, 0, note.stderr);
      const tail = await runCli(['events', 'tail', ...org, ...dir]);
      assert.equal(tail.code, 0, tail.stderr);
      const events = tail.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; sequence: number; origin: { surface: string } });
      const last = events.at(-1);
      assert.equal(last?.type, 'conversation.added');
      assert.deepEqual(last?.origin, { surface: 'cli', operation: 'conversation add' });
      const after = await runCli(['events', 'tail', ...org, '--after', String(last?.sequence), ...dir]);
      assert.equal(after.stdout, '');
      const deliveries = await runCliJson<{ deliveries: Array<{ id: string; status: string; eventType: string }> }>([
        'webhook',
        'deliveries',
        ...org,
        '--id',
        added.webhook.id,
        '--json',
        ...dir,
      ]);
      assert.deepEqual(
        deliveries.deliveries.map((d) => [d.eventType, d.status]),
        [['conversation.added', 'pending']],
      );
      const again = await runCliJson<{ queued: number }>([
        'webhook',
        'redeliver',
        ...org,
        '--id',
        added.webhook.id,
        '--delivery',
        deliveries.deliveries[0]?.id ?? '',
        '--json',
        ...dir,
      ]);
      assert.deepEqual(again, { queued: 1 });
      const removed = await runCli(['webhook', 'remove', ...org, '--id', added.webhook.id, ...dir]);
      assert.equal(removed.code, 0, removed.stderr);
      const gone = await runCli(['webhook', 'remove', ...org, '--id', added.webhook.id, ...dir]);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /no webhook/);
    },
  );
});
