import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '@deskwire/server';
import { DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';

// The event stream opened with an agent session (the console's live updates) ends with the session, so a
// signed-out or expired session stops receiving the tenant's events at once (docs/webhooks.md).

const PASSWORD = 'correct horse battery staple';

describe('the event stream of an agent session', () => {
  let server: TestServer;
  let address: string;
  before(async () => {
    server = await startTestServer({ logLevel: false, webhookDispatch: false });
    await createUser(
      { orgId: DEMO_ORG, name: 'Asha', email: 'asha@stream.example', role: 'Agent', password: PASSWORD },
      server.deskwire,
    );
    address = await server.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => server.close());

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const res = await fetch(`${address}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'asha@stream.example', password: PASSWORD }),
    });
    assert.equal(res.status, 201);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const me = await fetch(`${address}/api/v1/session`, { headers: { cookie } });
    return { cookie, csrf: ((await me.json()) as { csrfToken: string }).csrfToken };
  }

  /** Reads the stream until the server ends it; what it sent. */
  async function readToEnd(res: Response): Promise<string> {
    const reader = res.body?.getReader();
    assert.ok(reader);
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text;
      text += Buffer.from(value).toString('utf8');
    }
  }

  test('starts with a reconnect delay, and ends when the session is signed out; reconnecting is then refused', async () => {
    const { cookie, csrf } = await signIn();
    const stream = await fetch(`${address}/api/v1/tenants/${DEMO_ORG}/events/stream?after=latest`, {
      headers: { cookie },
    });
    assert.equal(stream.status, 200);
    const ended = readToEnd(stream);
    const out = await fetch(`${address}/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-deskwire-csrf': csrf },
    });
    assert.ok(out.status < 300, String(out.status));
    assert.match(await ended, /^retry: \d+$/m);
    const again = await fetch(`${address}/api/v1/tenants/${DEMO_ORG}/events/stream?after=latest`, {
      headers: { cookie },
    });
    assert.equal(again.status, 401);
  });
});
