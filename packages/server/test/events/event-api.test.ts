import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isBlockedAddress, WebhookDispatcher } from '@deskwire/server';
import { Webhook } from 'standardwebhooks';
import {
  addAgentKey,
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
  type TestServer,
} from '../helpers/test-server.js';
import { startReceiver } from './receiver.js';

/** Deskwire's own event-log and webhook endpoints, over HTTP (docs/webhooks.md). */
describe('event log and webhook endpoints', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ logLevel: false, webhookDispatch: false });
    await server.unlimit();
  });
  after(() => server.close());

  const v1 = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, keys = server.demo) =>
    server.app.inject({
      method,
      url: `/api/v1/tenants/${DEMO_ORG}${path}`,
      headers: auth(keys),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const create = () =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });

  test('the log: pages in sequence order, gap-free, after= and limit=', async () => {
    await create();
    await create();
    const all = (await v1('GET', '/events?limit=500')).json() as {
      events: Array<{ sequence: number; id: string; orgId: number }>;
      next: number;
    };
    const sequences = all.events.map((e) => e.sequence);
    assert.deepEqual(
      sequences,
      sequences.map((_, i) => i + 1),
    );
    assert.ok(all.events.every((e) => e.id === `evt_${DEMO_ORG}_${e.sequence}` && e.orgId === DEMO_ORG));
    const page = (await v1('GET', `/events?after=${all.next - 2}&limit=1`)).json() as {
      events: Array<{ sequence: number }>;
      next: number;
    };
    assert.deepEqual(
      page.events.map((e) => e.sequence),
      [all.next - 1],
    );
    assert.equal(page.next, all.next - 1);
    const empty = (await v1('GET', `/events?after=${all.next}`)).json();
    assert.deepEqual(empty, { events: [], next: all.next });
    for (const bad of ['after=-1', 'limit=abc', 'wait=99', 'bogus=1']) {
      const res = await v1('GET', `/events?${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().error.code, 'ValidationError');
    }
  });

  test('long-poll: wait= returns as soon as an event is committed', async () => {
    const last = (await v1('GET', '/events?limit=500')).json().next as number;
    const poll = v1('GET', `/events?after=${last}&wait=30`);
    setTimeout(() => void create(), 100);
    const page = (await poll).json() as { events: Array<{ type: string }> };
    assert.deepEqual(
      page.events.map((e) => e.type),
      ['ticket.created'],
    );
  });

  test('text/event-stream: each event with id: <sequence>, resuming after Last-Event-ID', async () => {
    const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const last = (await v1('GET', '/events?limit=500')).json().next as number;
      const controller = new AbortController();
      const res = await fetch(`${address}/api/v1/tenants/${DEMO_ORG}/events/stream`, {
        headers: { ...auth(server.demo), 'last-event-id': String(last - 2) },
        signal: controller.signal,
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      setTimeout(() => void create(), 100);
      const reader = res.body?.getReader();
      assert.ok(reader);
      let text = '';
      while ((text.match(/^id: /gm) ?? []).length < 3) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      controller.abort();
      const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      assert.deepEqual(ids, [last - 1, last, last + 1]);
      assert.match(text, /^event: ticket\.created$/m);
      const data = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '') as { sequence: number });
      assert.deepEqual(
        data.map((d) => d.sequence),
        ids,
      );

      // `after=latest` (no Last-Event-ID): new events only, none of the log's history.
      const newest = (await v1('GET', `/events?after=${last}&limit=500`)).json().next as number;
      const fresh = new AbortController();
      const live = await fetch(`${address}/api/v1/tenants/${DEMO_ORG}/events/stream?after=latest`, {
        headers: auth(server.demo),
        signal: fresh.signal,
      });
      assert.equal(live.status, 200);
      setTimeout(() => void create(), 100);
      const liveReader = live.body?.getReader();
      assert.ok(liveReader);
      let liveText = '';
      while (!/^id: /m.test(liveText)) {
        const { value, done } = await liveReader.read();
        if (done) break;
        liveText += Buffer.from(value).toString('utf8');
      }
      fresh.abort();
      assert.equal(Number(/^id: (\d+)$/m.exec(liveText)?.[1]), newest + 1);
      const unknown = await fetch(`${address}/api/v1/tenants/${DEMO_ORG}/events/stream?from=0`, {
        headers: auth(server.demo),
      });
      assert.equal(unknown.status, 400);
    } finally {
      await server.app.close().catch(() => {});
    }
  });
});

describe('webhook endpoints: secrets, roles, validation, delivery log, redelivery, disabling', () => {
  let server: TestServer;
  let clock = Date.now() + 60_000;
  const now = () => new Date(clock);
  before(async () => {
    server = await startTestServer({ logLevel: false, webhookDispatch: false });
    await server.unlimit();
  });
  after(() => server.close());

  const v1 = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, keys = server.demo) =>
    server.app.inject({
      method,
      url: `/api/v1/tenants/${DEMO_ORG}${path}`,
      headers: auth(keys),
      ...(payload !== undefined && { payload: payload as object }),
    });
  const create = () =>
    server.app.inject({
      method: 'POST',
      url: `/api/tenants/${DEMO_ORG}/tickets`,
      headers: auth(server.demo),
      payload: documentedCreateBody(DEMO_LEAD),
    });

  test('the secret is shown once, on creation; never in a list, a get or the log', async () => {
    const created = await v1('POST', '/webhooks', { url: 'https://hooks.invalid/a', events: ['ticket.created'] });
    assert.equal(created.statusCode, 201);
    const { webhook, secret } = created.json() as { webhook: { id: string }; secret: string };
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{32}$/);
    const list = await v1('GET', '/webhooks');
    const one = await v1('GET', `/webhooks/${webhook.id}`);
    for (const res of [list, one]) {
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes(secret.slice(6)), 'secret not echoed');
      assert.ok(!res.body.includes('secret'), 'no secret field');
    }
    assert.ok(!server.logs().includes(secret.slice(6)));
    assert.equal((await v1('DELETE', `/webhooks/${webhook.id}`)).statusCode, 204);
    assert.equal((await v1('GET', `/webhooks/${webhook.id}`)).statusCode, 404);
  });

  test('Admin users only; bad input is a precise 400 and writes nothing', async () => {
    const agent = await addAgentKey(server, DEMO_ORG);
    const res = await v1('GET', '/webhooks', undefined, agent);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'Forbidden');
    const before = (await v1('GET', '/webhooks')).body;
    for (const [payload, message] of [
      [{ url: 'ftp://example.com/' }, /http:\/\/ or https:\/\//],
      [{ url: 'not a url' }, /absolute/],
      [{ url: 'https://user:pw@example.com/' }, /credentials/],
      [{ url: 'https://example.com/', events: ['ticket.exploded'] }, /events/],
      [{ url: 'https://example.com/', secret: 'mine' }, /secret/],
      [{}, /url/],
    ] as const) {
      const bad = await v1('POST', '/webhooks', payload);
      assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      assert.match(bad.json().error.message, message);
    }
    assert.equal((await v1('GET', '/webhooks')).body, before);
    const redeliverBoth = await v1('POST', '/webhooks/wh_x/redeliver', { deliveryId: 'd', fromSequence: 1 });
    assert.equal(redeliverBoth.statusCode, 400);
    assert.match(redeliverBoth.json().error.message, /either deliveryId or fromSequence/);
  });

  test('delivery log, redelivery by id and by range with the original webhook-id', async () => {
    const receiver = await startReceiver();
    const created = (await v1('POST', '/webhooks', { url: receiver.url, events: ['ticket.created'] })).json() as {
      webhook: { id: string };
      secret: string;
    };
    const dispatcher = new WebhookDispatcher({ storage: server.deskwire.storage, now, allowPrivate: true });
    try {
      await create();
      await create();
      await dispatcher.drain();
      const log = (await v1('GET', `/webhooks/${created.webhook.id}/deliveries`)).json() as {
        deliveries: Array<{ id: string; status: string; attempts: number; responseStatus: number; eventId: string }>;
      };
      assert.equal(log.deliveries.length, 2);
      for (const d of log.deliveries) {
        assert.equal(d.status, 'delivered');
        assert.equal(d.attempts, 1);
        assert.equal(d.responseStatus, 200);
      }
      const first = log.deliveries[1];
      assert.ok(first);
      const one = await v1('POST', `/webhooks/${created.webhook.id}/redeliver`, { deliveryId: first.id });
      assert.equal(one.statusCode, 202);
      assert.deepEqual(one.json(), { queued: 1 });
      await dispatcher.drain();
      assert.equal(receiver.received.length, 3);
      assert.equal(receiver.received[2]?.headers['webhook-id'], first.eventId);
      // Two tickets' events may go out in either order: compare with the first delivery of the same event.
      const original = receiver.received.slice(0, 2).find((r) => r.headers['webhook-id'] === first.eventId);
      assert.ok(original, 'the first delivery of the redelivered event');
      assert.equal(receiver.received[2]?.body, original.body);
      // A range takes every event of it that the filter takes (ticket.created only here).
      const seqs = log.deliveries.map((d) => Number(d.eventId.split('_')[2])).sort((a, b) => a - b);
      const range = await v1('POST', `/webhooks/${created.webhook.id}/redeliver`, {
        fromSequence: seqs[0],
        toSequence: seqs[1],
      });
      assert.deepEqual(range.json(), { queued: 2 });
      await dispatcher.drain();
      assert.equal(receiver.received.length, 5);
      for (const r of receiver.received) {
        new Webhook(created.secret).verify(r.body, {
          'webhook-id': String(r.headers['webhook-id']),
          'webhook-timestamp': String(r.headers['webhook-timestamp']),
          'webhook-signature': String(r.headers['webhook-signature']),
        });
      }
    } finally {
      await v1('DELETE', `/webhooks/${created.webhook.id}`);
      await receiver.close();
    }
  });

  test('redirects are never followed: a 302 to a private address is a failed attempt', async () => {
    let hit = false;
    const internal = createServer((_req, res) => {
      hit = true;
      res.end('internal');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const internalPort = (internal.address() as AddressInfo).port;
    const redirector = createServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${internalPort}/admin` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const port = (redirector.address() as AddressInfo).port;
    const hook = (
      await v1('POST', '/webhooks', { url: `http://127.0.0.1:${port}/`, events: ['ticket.created'] })
    ).json().webhook as { id: string };
    const dispatcher = new WebhookDispatcher({ storage: server.deskwire.storage, now, allowPrivate: true });
    try {
      await create();
      await dispatcher.drain();
      const [d] = (await v1('GET', `/webhooks/${hook.id}/deliveries`)).json().deliveries;
      assert.equal(d.status, 'pending');
      assert.equal(d.responseStatus, 302);
      assert.match(d.responseExcerpt, /redirect not followed/);
      assert.equal(hit, false);
    } finally {
      await v1('DELETE', `/webhooks/${hook.id}`);
      await new Promise((resolve) => redirector.close(resolve));
      await new Promise((resolve) => internal.close(resolve));
    }
  });
  test('an endpoint failing for 24 hours is disabled and reported; re-enabling delivers what waited', async () => {
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 500));
    const failing = (await v1('POST', '/webhooks', { url: receiver.url, events: ['ticket.created'] })).json()
      .webhook as { id: string };
    const watcher = await startReceiver();
    const watching = (await v1('POST', '/webhooks', { url: watcher.url, events: ['webhook.endpoint_disabled'] })).json()
      .webhook as { id: string };
    const disabled: string[] = [];
    const dispatcher = new WebhookDispatcher({
      storage: server.deskwire.storage,
      now,
      allowPrivate: true,
      onEndpointDisabled: (info) => disabled.push(info.endpointId),
    });
    try {
      await create();
      // 25 simulated hours, an hour at a time (the backoff is capped at an hour).
      for (let hour = 0; hour < 25; hour++) {
        await dispatcher.drain();
        clock += 60 * 60 * 1000;
      }
      await dispatcher.drain();
      const view = (await v1('GET', `/webhooks/${failing.id}`)).json();
      assert.equal(view.enabled, false);
      assert.match(view.disabledReason, /kept failing for 24 hours/);
      assert.deepEqual(disabled, [failing.id]);
      const failed = (await v1('GET', `/webhooks/${failing.id}/deliveries?status=failed`)).json().deliveries;
      assert.equal(failed.length, 1);
      assert.ok(failed[0].attempts > 5);
      assert.equal(failed[0].responseStatus, 500);
      // The other endpoint heard about it.
      const reported = watcher.received.map(
        (r) => JSON.parse(r.body) as { type: string; data: { endpointId: string } },
      );
      assert.deepEqual(
        reported.map((e) => [e.type, e.data.endpointId]),
        [['webhook.endpoint_disabled', failing.id]],
      );
      // While disabled, nothing is queued for it; re-enabled, a range redelivery sends what it missed.
      await create();
      up = true;
      await dispatcher.drain();
      assert.equal(receiver.received.length, 0);
      assert.equal((await v1('PATCH', `/webhooks/${failing.id}`, { enabled: true })).json().enabled, true);
      const missed = (await v1('GET', '/events?limit=500'))
        .json()
        .events.filter((e: { type: string }) => e.type === 'ticket.created') as Array<{ sequence: number }>;
      const since = missed.at(-2)?.sequence ?? 1;
      assert.deepEqual((await v1('POST', `/webhooks/${failing.id}/redeliver`, { fromSequence: since })).json(), {
        queued: 2,
      });
      await dispatcher.drain();
      assert.equal(receiver.received.length, 2);
    } finally {
      await v1('DELETE', `/webhooks/${failing.id}`);
      await v1('DELETE', `/webhooks/${watching.id}`);
      await receiver.close();
      await watcher.close();
    }
  });
});

describe('SSRF guard: addresses refused unless the operator allows private targets', () => {
  test('loopback, private, CGNAT, link-local (metadata), unique-local, mapped and unspecified are refused', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      assert.equal(isBlockedAddress(address), true, address);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(isBlockedAddress(address), false, address);
    }
  });

  test('a literal private address and a name resolving to loopback are both refused by the dispatcher', async () => {
    const server = await startTestServer({ logLevel: false, webhookDispatch: false });
    try {
      const hooks: string[] = [];
      for (const url of ['http://10.0.0.1/hook', 'http://[::1]:9/hook', 'http://localhost:9/hook']) {
        const res = await server.app.inject({
          method: 'POST',
          url: `/api/v1/tenants/${DEMO_ORG}/webhooks`,
          headers: auth(server.demo),
          payload: { url },
        });
        hooks.push(res.json().webhook.id);
      }
      await server.app.inject({
        method: 'POST',
        url: `/api/tenants/${DEMO_ORG}/tickets`,
        headers: auth(server.demo),
        payload: documentedCreateBody(DEMO_LEAD),
      });
      await new WebhookDispatcher({
        storage: server.deskwire.storage,
        now: () => new Date(Date.now() + 60_000),
      }).drain();
      for (const id of hooks) {
        const [d] = await server.deskwire.storage.webhooks.listDeliveries(DEMO_ORG, id, { limit: 1 });
        assert.equal(d?.status, 'pending');
        assert.equal(d?.responseStatus, null);
        assert.match(d?.responseExcerpt ?? '', /^refused: .* is a loopback, private or link-local address/);
      }
    } finally {
      await server.close();
    }
  });
});
