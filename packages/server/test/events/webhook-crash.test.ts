import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import {
  DEMO_LEAD,
  DEMO_ORG,
  lsqHeaders,
  prepareDemoDataDir,
  runCli,
  type ServeChild,
  startServe,
} from '../../soak/serve-child.js';
import { startReceiver } from './receiver.js';

// SIGKILL between commit and delivery (issue 18): a real `deskwire serve` takes writes while its webhook
// receiver answers slowly, is killed with deliveries committed but not yet made (or made but not yet
// recorded), and restarted on the same data dir. Every event of the log arrives; an event that arrives twice
// does so with the same webhook-id and the same signed body.

describe('webhooks survive SIGKILL between commit and delivery', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: ServeChild | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = '';
  const answered: number[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deskwire-webhook-crash-'));
    await prepareDemoDataDir(dataDir);
    // The receiver takes its time, so deliveries are in flight (claimed, posted) when the kill lands.
    receiver = await startReceiver(() => 200, 150);
    const added = JSON.parse(
      runCli(['webhook', 'add', '--org-id', String(DEMO_ORG), '--url', receiver.url, '--data-dir', dataDir, '--json']),
    ) as { secret: string };
    secret = added.secret;
    const flags = ['--webhooks-allow-private', '--webhook-claim-timeout', '2s'];
    server = await startServe(dataDir, flags);
    const base = `${server.url}/api/tenants/${DEMO_ORG}`;
    let killed = false;
    const worker = async () => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await fetch(`${base}/tickets`, {
            method: 'POST',
            headers: { ...lsqHeaders(), 'content-type': 'application/json' },
            body: JSON.stringify({
              TypeId: '1',
              LeadId: DEMO_LEAD,
              Fields: [{ SchemaName: 'Title', Value: `crash ${i}` }],
              RelatedTicketTypeId: 1,
            }),
          });
          if (res.status === 200) answered.push(Number(((await res.json()) as { Id: string }).Id));
        } catch {
          // Cut off by the kill: either outcome is allowed for this one.
        }
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    while (answered.length < 40) await sleep(5);
    // Some deliveries made, most still queued or in flight.
    killed = true;
    await server.kill();
    await Promise.all(workers);
    server = await startServe(dataDir, flags);
  });
  after(async () => {
    await server?.stop();
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('every committed event is delivered after the restart; duplicates only with the same webhook-id', async () => {
    assert.ok(server);
    const read = async () => {
      const events: Array<{ id: string; type: string; ticket: { number: number } | null }> = [];
      let afterSeq = 0;
      for (;;) {
        const res = await fetch(`${server?.url}/api/v1/tenants/${DEMO_ORG}/events?after=${afterSeq}&limit=500`, {
          headers: lsqHeaders(),
        });
        const page = (await res.json()) as { events: typeof events; next: number };
        events.push(...page.events);
        if (page.events.length < 500) return events;
        afterSeq = page.next;
      }
    };
    const log = await read();
    const created = new Set(log.filter((e) => e.type === 'ticket.created').map((e) => e.ticket?.number));
    for (const number of answered) assert.ok(created.has(number), `ticket ${number} answered 200 has its event`);
    // The webhook was added after the demo's seeding (#143) and before the load: every create of the load is
    // for the receiver.
    const expected = new Set(
      log.filter((e) => e.type === 'ticket.created' && e.ticket?.number !== 143).map((e) => e.id),
    );
    const deadline = Date.now() + 60_000;
    const seen = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
    while ([...expected].some((id) => !seen().has(id)) && Date.now() < deadline) await sleep(100);
    const missing = [...expected].filter((id) => !seen().has(id));
    assert.deepEqual(missing, [], 'lost events');
    const bodies = new Map<string, string>();
    for (const r of receiver.received) {
      const id = String(r.headers['webhook-id']);
      const verified = new Webhook(secret).verify(r.body, {
        'webhook-id': id,
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      }) as { id: string };
      assert.equal(verified.id, id, 'the body names the webhook-id it came with');
      const earlier = bodies.get(id);
      if (earlier !== undefined) assert.equal(r.body, earlier, `a duplicate of ${id} is the same event`);
      bodies.set(id, r.body);
    }
    assert.ok(answered.length >= 40);
  });
});
