import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWebhook, newWebhookSecret, WebhookDispatcher, withEventOrigin } from '@deskwire/server';
import { Webhook } from 'standardwebhooks';
import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';
import { startReceiver } from './receiver.js';

/**
 * Deliveries end to end over real HTTP: the server's writes land in the outbox, a dispatcher on an
 * injected clock posts them to a local receiver, and the receiver verifies every one with the
 * `standardwebhooks` library (not Deskwire's code).
 */
describe('webhook deliveries', () => {
  let server: TestServer;
  // Ahead of the server's clock, which stamps the events (their first attempt is due at once).
  let clock = Date.now() + 60_000;
  const now = () => new Date(clock);
  before(async () => {
    server = await startTestServer({ logLevel: false, webhookDispatch: false });
    await server.unlimit();
  });
  after(() => server.close());

  const createTicket = (title: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: {
        ...documentedCreateBody(DEMO_LEAD),
        Fields: [{ SchemaName: 'Title', Value: title }, ...documentedCreateBody(DEMO_LEAD).Fields.slice(1)],
      },
    });
  const updateTicket = (key: string, title: string) =>
    server.app.inject({
      method: 'PUT',
      url: `/api/tenants/${DEMO_ORG}/tickets/${key}/update`,
      headers: auth(server.demo),
      payload: {
        TypeId: '1',
        Id: key,
        LeadId: DEMO_LEAD,
        Fields: [{ SchemaName: 'Title', Value: title }],
        RelatedTicketTypeId: 1,
      },
    });

  test('every delivery verifies with standardwebhooks and carries the event', async () => {
    const receiver = await startReceiver();
    const secret = newWebhookSecret();
    const endpoint = await withEventOrigin({ surface: 'test', operation: null }, () =>
      createWebhook({ orgId: DEMO_ORG, url: receiver.url, secret }, server.deskwire),
    );
    const dispatcher = new WebhookDispatcher({ storage: server.deskwire.storage, now, allowPrivate: true });
    try {
      const res = await createTicket('Signed delivery');
      assert.equal(res.statusCode, 200);
      await dispatcher.drain();
      assert.equal(receiver.received.length, 1);
      const [delivery] = receiver.received;
      assert.ok(delivery);
      const verified = new Webhook(secret).verify(delivery.body, {
        'webhook-id': String(delivery.headers['webhook-id']),
        'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
        'webhook-signature': String(delivery.headers['webhook-signature']),
      }) as { type: string; id: string; ticket: { number: number }; origin: { operation: string } };
      assert.equal(verified.type, 'ticket.created');
      assert.equal(verified.id, delivery.headers['webhook-id']);
      assert.equal(verified.origin.operation, 'lsq.createTicket');
      // A wrong secret does not verify.
      assert.throws(() =>
        new Webhook(newWebhookSecret()).verify(delivery.body, {
          'webhook-id': String(delivery.headers['webhook-id']),
          'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
          'webhook-signature': String(delivery.headers['webhook-signature']),
        }),
      );
    } finally {
      await server.deskwire.storage.webhooks.deleteEndpoint(DEMO_ORG, endpoint.id);
      await receiver.close();
    }
  });

  test('receiver down for 10 simulated minutes: every event delivered, per-ticket order kept', async () => {
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 503));
    const secret = newWebhookSecret();
    const endpoint = await createWebhook({ orgId: DEMO_ORG, url: receiver.url, secret }, server.deskwire);
    const dispatcher = new WebhookDispatcher({ storage: server.deskwire.storage, now, allowPrivate: true });
    try {
      const keys: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await createTicket(`Outage ${i}`);
        keys.push((res.json() as { TicketKey?: string; Key?: string }).TicketKey ?? String(res.json()));
      }
      const created = await server.deskwire.storage.events.list(DEMO_ORG, 0, 1000);
      const tickets = created.filter((e) => e.type === 'ticket.created').slice(-3);
      // Two updates per ticket, interleaved across tickets.
      for (let round = 1; round <= 2; round++) {
        for (const event of tickets) {
          const res = await updateTicket(String(event.ticket?.number), `Outage update ${round}`);
          assert.equal(res.statusCode, 200, res.body);
        }
      }
      // The outage: 10 minutes of simulated time in 5-second steps, every attempt refused with 503.
      const end = clock + 10 * 60 * 1000;
      while (clock < end) {
        await dispatcher.drain();
        clock += 5000;
      }
      assert.equal(receiver.received.length, 0);
      const log = await server.deskwire.storage.webhooks.listDeliveries(DEMO_ORG, endpoint.id, { limit: 100 });
      assert.ok(log.every((d) => d.status === 'pending'));
      assert.ok(log.some((d) => d.attempts >= 5 && d.responseStatus === 503 && d.responseExcerpt === 'down'));
      // Up again: within the backoff's cap every event arrives.
      up = true;
      for (let step = 0; step < 200 && receiver.received.length < 9; step++) {
        await dispatcher.drain();
        clock += 30_000;
      }
      assert.equal(receiver.received.length, 9);
      const bodies = receiver.received.map(
        (r) => JSON.parse(r.body) as { type: string; sequence: number; ticket: { id: string } },
      );
      for (const event of tickets) {
        const mine = bodies.filter((b) => b.ticket.id === event.ticket?.id);
        assert.deepEqual(
          mine.map((b) => b.type),
          ['ticket.created', 'ticket.updated', 'ticket.updated'],
        );
        const sequences = mine.map((b) => b.sequence);
        assert.deepEqual(
          sequences,
          [...sequences].sort((a, b) => a - b),
        );
      }
      assert.equal(keys.length, 3);
    } finally {
      await server.deskwire.storage.webhooks.deleteEndpoint(DEMO_ORG, endpoint.id);
      await receiver.close();
    }
  });

  test('loopback targets are refused unless the operator allows them', async () => {
    const receiver = await startReceiver();
    const endpoint = await createWebhook(
      { orgId: DEMO_ORG, url: receiver.url.replace('127.0.0.1', 'localhost'), secret: newWebhookSecret() },
      server.deskwire,
    );
    const dispatcher = new WebhookDispatcher({ storage: server.deskwire.storage, now });
    try {
      await createTicket('SSRF');
      await dispatcher.drain();
      assert.equal(receiver.received.length, 0);
      const [delivery] = await server.deskwire.storage.webhooks.listDeliveries(DEMO_ORG, endpoint.id, { limit: 1 });
      assert.equal(delivery?.responseStatus, null);
      assert.match(delivery?.responseExcerpt ?? '', /refused: .* loopback, private or link-local/);
    } finally {
      await server.deskwire.storage.webhooks.deleteEndpoint(DEMO_ORG, endpoint.id);
      await receiver.close();
    }
  });
});
