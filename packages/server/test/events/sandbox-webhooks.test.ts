import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebhookDispatcher } from '@deskwire/server';
import { type SandboxServer, sandboxTenant, sandboxTicket, startSandboxServer } from '../sandbox/sandbox-server.js';

// The sandbox side of webhooks (docs/webhooks.md, docs/sandbox.md): endpoints managed under /_deskwire, the
// built-in test receiver failing on purpose (5xx, delay, drop), and every attempt in the request journal.

const ORG = 6060;

describe('sandbox: webhooks, the built-in test receiver and the journal', () => {
  let server: SandboxServer;
  let base = '';
  let clock = Date.now() + 60_000;
  before(async () => {
    server = await startSandboxServer({ webhookDispatch: false });
    await sandboxTenant(server, ORG);
    base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => server.close());

  const deliverOnce = () =>
    new WebhookDispatcher({
      storage: server.deskwire.storage,
      now: () => new Date(clock),
      allowPrivate: true,
      timeoutMs: 1000,
      onAttempt: (a) =>
        void server.app.deskwireSandbox?.journal.record({
          at: a.at.toISOString(),
          orgId: a.orgId,
          method: 'POST',
          path: a.url,
          operation: 'webhooks.deliver',
          status: a.responseStatus ?? 0,
          latencyMs: a.latencyMs,
          requestBytes: a.requestBytes,
          responseBytes: null,
          faultId: null,
        }),
    }).drain();

  test('the receiver answers 200, or fails as its URL says; the delivery log and journal show each attempt', async () => {
    const cases = [
      ['', 200, 'delivered'],
      ['?status=503', 503, 'pending'],
      ['?status=500', 500, 'pending'],
      ['?drop=1', null, 'pending'],
      ['?delayMs=1500', null, 'pending'],
    ] as const;
    const hooks: string[] = [];
    for (const [query] of cases) {
      const res = await server.admin('POST', `/tenants/${ORG}/webhooks`, {
        url: `${base}/_deskwire/test-receiver${query}`,
        events: ['ticket.created'],
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(res.json().secret, /^whsec_/);
      hooks.push(res.json().webhook.id);
    }
    const listed = await server.admin('GET', `/tenants/${ORG}/webhooks`);
    assert.equal(listed.json().webhooks.length, cases.length);
    assert.ok(!listed.body.includes('whsec_'));
    await sandboxTicket(server, ORG);
    await deliverOnce();
    for (const [i, [query, status, state]] of cases.entries()) {
      const log = await server.admin('GET', `/tenants/${ORG}/webhooks/${hooks[i]}/deliveries`);
      const [d] = log.json().deliveries;
      assert.equal(d.status, state, query);
      assert.equal(d.responseStatus, status, query);
      assert.equal(d.attempts, 1, query);
    }
    const journal = await server.admin('GET', `/tenants/${ORG}/requests?operation=webhooks.deliver`);
    assert.equal(journal.statusCode, 200, journal.body);
    const entries = journal.json().requests as Array<{ status: number; path: string }>;
    assert.equal(entries.length, cases.length);
    assert.deepEqual(entries.map((e) => e.status).sort(), [0, 0, 200, 500, 503]);
    // Redeliver the delivered one; remove the rest.
    const [first] = (await server.admin('GET', `/tenants/${ORG}/webhooks/${hooks[0]}/deliveries`)).json().deliveries;
    const again = await server.admin('POST', `/tenants/${ORG}/webhooks/${hooks[0]}/redeliver`, {
      deliveryId: first.id,
    });
    assert.equal(again.statusCode, 202);
    assert.deepEqual(again.json(), { queued: 1 });
    for (const id of hooks)
      assert.equal((await server.admin('DELETE', `/tenants/${ORG}/webhooks/${id}`)).statusCode, 204);
    clock += 1000;
  });

  test('the receiver refuses unknown parameters; the webhook controls need the admin token', async () => {
    const bad = await fetch(`${base}/_deskwire/test-receiver?status=404`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(bad.status, 400);
    const noToken = await server.app.inject({ method: 'GET', url: `/_deskwire/tenants/${ORG}/webhooks` });
    assert.equal(noToken.statusCode, 401);
  });
});
