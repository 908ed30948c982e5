import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTenant, createUser, SIGN_IN_FAILED } from '@deskwire/server';
import type { LightMyRequestResponse } from 'fastify';
import { addAgentKey, auth, DEMO_ORG, startTestServer, type TestServer } from '../helpers/test-server.js';

// Agent sessions of /api/v1 (docs/api.md "Authentication"): sign-in, the cookie, CSRF, expiry, throttling.

const PASSWORD = 'correct horse battery staple';
let server: TestServer;

interface Session {
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
}

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ email, password }),
  });
}

function sessionOf(res: LightMyRequestResponse): Session {
  assert.equal(res.statusCode, 201, res.body);
  const cookie = res.cookies.find((c) => c.name === 'deskwire_session');
  assert.ok(cookie, 'session cookie set');
  const body = res.json() as Record<string, unknown>;
  return { cookie: `deskwire_session=${cookie.value}`, csrf: body.csrfToken as string, body };
}

function call(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
) {
  return server.app.inject({
    method,
    url,
    headers: { ...headers, ...(payload !== undefined && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

describe('/api/v1 agent sessions', { timeout: 60_000 }, () => {
  before(async () => {
    server = await startTestServer({
      trustProxy: true,
      sessions: { idleSeconds: 600, maxSeconds: 3600, signIn: { perAccount: 3, perAddress: 6, windowSeconds: 900 } },
    });
    await server.unlimit();
    await createUser(
      { orgId: DEMO_ORG, name: 'Asha', email: 'asha@edu101.example', role: 'Agent', password: PASSWORD },
      server.deskwire,
    );
    await createUser(
      { orgId: DEMO_ORG, name: 'Ravi', email: 'ravi@edu101.example', role: 'Admin', password: PASSWORD },
      server.deskwire,
    );
    await createUser({ orgId: DEMO_ORG, name: 'No password', email: 'nopass@edu101.example' }, server.deskwire);
  });
  after(() => server.close());

  test('sign-in sets an HttpOnly SameSite=Strict cookie scoped to /api/v1 and answers the user and a CSRF token', async () => {
    const res = await signIn('Asha@EDU101.example', PASSWORD);
    const cookie = res.cookies.find((c) => c.name === 'deskwire_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/api/v1');
    assert.notEqual(cookie.secure, true, 'not Secure over plain HTTP');
    const { body } = sessionOf(res);
    assert.equal((body.user as { email: string }).email, 'asha@edu101.example');
    assert.equal((body.user as { role: string }).role, 'Agent');
    assert.equal(typeof body.csrfToken, 'string');
    assert.ok(!res.body.includes(cookie.value), 'the token is only in the cookie');
  });

  test('the session row holds only a hash of the token', async () => {
    const { cookie } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const token = cookie.split('=')[1] as string;
    assert.equal(await server.deskwire.storage.sessions.find(token), undefined, 'no row is keyed by the token');
    const hash = createHash('sha256').update(token).digest('hex');
    assert.ok(await server.deskwire.storage.sessions.find(hash), 'the row is keyed by its SHA-256');
  });

  test('GET /session and /me answer for the session; GET needs no CSRF token', async () => {
    const { cookie, csrf } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const session = await call('GET', '/api/v1/session', { cookie });
    assert.equal(session.statusCode, 200, session.body);
    assert.equal(session.json().csrfToken, csrf);
    const me = await call('GET', '/api/v1/me', { cookie });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().auth, 'session');
    assert.equal(me.json().tenant.orgId, DEMO_ORG);
    const ticket = await call('GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, { cookie });
    assert.equal(ticket.statusCode, 200, ticket.body);
    assert.equal(ticket.json().number, 143);
  });

  test('the uniform failure: unknown address, wrong password, no password and disabled user all look alike', async () => {
    await createUser(
      { orgId: DEMO_ORG, name: 'Gone', email: 'gone@edu101.example', password: PASSWORD },
      server.deskwire,
    );
    const admin = sessionOf(await signIn('ravi@edu101.example', PASSWORD));
    const users = (await call('GET', `/api/v1/tenants/${DEMO_ORG}/users`, { cookie: admin.cookie })).json()
      .users as Array<{ id: string; email: string }>;
    const gone = users.find((u) => u.email === 'gone@edu101.example');
    assert.ok(gone);
    const disable = await call(
      'PATCH',
      `/api/v1/tenants/${DEMO_ORG}/users/${gone.id}`,
      { cookie: admin.cookie, 'x-deskwire-csrf': admin.csrf },
      { disabled: true },
    );
    assert.equal(disable.statusCode, 200, disable.body);
    assert.equal(disable.json().disabled, true);
    const answers = [
      await signIn('nobody@nowhere.example', PASSWORD, { 'x-forwarded-for': '198.51.100.1' }),
      await signIn('ravi@edu101.example', 'wrong password!', { 'x-forwarded-for': '198.51.100.2' }),
      await signIn('nopass@edu101.example', PASSWORD, { 'x-forwarded-for': '198.51.100.3' }),
      await signIn('gone@edu101.example', PASSWORD, { 'x-forwarded-for': '198.51.100.4' }),
    ];
    for (const res of answers) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), { error: { code: 'Unauthorized', message: SIGN_IN_FAILED } });
      assert.equal(res.cookies.length, 0);
    }
  });

  test('CSRF: a session write without the header, or with a wrong one, is refused with 403 and changes nothing', async () => {
    const { cookie, csrf } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const url = `/api/v1/tenants/${DEMO_ORG}/tickets/143`;
    const before_ = (await call('GET', url, { cookie })).json().fields.Priority;
    const next = before_ === 'High' ? 'Low' : 'High';
    for (const headers of [
      { cookie },
      { cookie, 'x-deskwire-csrf': 'forged' },
      { cookie, 'x-deskwire-csrf': `${csrf}x` },
    ]) {
      const res = await call('PATCH', url, headers, { fields: { Priority: next } });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error.code, 'Forbidden');
      assert.match(res.json().error.message, /X-Deskwire-CSRF/);
    }
    assert.equal((await call('GET', url, { cookie })).json().fields.Priority, before_);
    const ok = await call('PATCH', url, { cookie, 'x-deskwire-csrf': csrf }, { fields: { Priority: next } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().fields.Priority, next);
    // Signing out is a write too.
    assert.equal((await call('DELETE', '/api/v1/session', { cookie })).statusCode, 403);
  });

  test('key-pair calls need no CSRF token', async () => {
    const res = await call('POST', `/api/v1/tenants/${DEMO_ORG}/tickets/143/notes`, auth(server.demo), {
      text: 'by key pair',
    });
    assert.equal(res.statusCode, 201, res.body);
  });

  test('sign-out ends the session and clears the cookie', async () => {
    const { cookie, csrf } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const out = await call('DELETE', '/api/v1/session', { cookie, 'x-deskwire-csrf': csrf });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'deskwire_session');
    assert.ok(cleared && (cleared.value === '' || (cleared.expires && cleared.expires.getTime() < Date.now())));
    const after_ = await call('GET', '/api/v1/me', { cookie });
    assert.equal(after_.statusCode, 401);
    assert.equal(after_.json().error.code, 'Unauthorized');
  });

  test('idle expiry: unused for longer than the idle time, the session is gone; use keeps it alive', async () => {
    const { cookie } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    server.advanceClock(400_000);
    assert.equal((await call('GET', '/api/v1/me', { cookie })).statusCode, 200, 'used within the idle time');
    server.advanceClock(400_000);
    assert.equal((await call('GET', '/api/v1/me', { cookie })).statusCode, 200, 'the use moved the idle expiry');
    server.advanceClock(601_000);
    assert.equal((await call('GET', '/api/v1/me', { cookie })).statusCode, 401, 'idle too long');
  });

  test('absolute expiry: however busy, a session ends at its maximum age', async () => {
    const { cookie } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    for (let i = 0; i < 6; i++) {
      server.advanceClock(500_000);
      assert.equal((await call('GET', '/api/v1/me', { cookie })).statusCode, 200, `use ${i}`);
    }
    server.advanceClock(700_000);
    assert.equal((await call('GET', '/api/v1/me', { cookie })).statusCode, 401, 'past 3600 s from sign-in');
  });

  test('expired session rows are removed: when met, and at the next sign-in even if never met again', async () => {
    const { cookie } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const hash = createHash('sha256')
      .update(cookie.split('=')[1] as string)
      .digest('hex');
    assert.ok(await server.deskwire.storage.sessions.find(hash));
    server.advanceClock(3_601_000);
    sessionOf(await signIn('ravi@edu101.example', PASSWORD));
    assert.equal(await server.deskwire.storage.sessions.find(hash), undefined);
  });

  test('a session of one tenant opens nothing of another: the same 401 as no session', async () => {
    const { cookie } = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const other = await call('GET', '/api/v1/tenants/424242/tickets/1', { cookie });
    const none = await call('GET', '/api/v1/tenants/424242/tickets/1', {});
    assert.equal(other.statusCode, 401);
    assert.deepEqual(other.json(), none.json());
  });

  test('roles: an Agent session gets 403 on Admin-only operations; an Admin session does not', async () => {
    const agent = sessionOf(await signIn('asha@edu101.example', PASSWORD));
    const res = await call('GET', `/api/v1/tenants/${DEMO_ORG}/tokens`, { cookie: agent.cookie });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'Forbidden');
    const admin = sessionOf(await signIn('ravi@edu101.example', PASSWORD));
    assert.equal((await call('GET', `/api/v1/tenants/${DEMO_ORG}/tokens`, { cookie: admin.cookie })).statusCode, 200);
    const agentKey = await addAgentKey(server, DEMO_ORG);
    const byKey = await call('PUT', `/api/v1/tenants/${DEMO_ORG}/lookups/Status`, auth(agentKey), { values: ['Open'] });
    assert.equal(byKey.statusCode, 403);
  });

  test('disabling a user ends their sessions and revokes their key pairs at once', async () => {
    const created = await createUser(
      { orgId: DEMO_ORG, name: 'Temp', email: 'temp@edu101.example', password: PASSWORD },
      server.deskwire,
    );
    const temp = sessionOf(await signIn('temp@edu101.example', PASSWORD));
    const admin = sessionOf(await signIn('ravi@edu101.example', PASSWORD));
    const issued = await call('POST', `/api/v1/tenants/${DEMO_ORG}/users/${created.user.id}/keys`, {
      cookie: admin.cookie,
      'x-deskwire-csrf': admin.csrf,
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const keys = issued.json() as { accessKey: string; secretKey: string };
    assert.equal((await call('GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, auth(keys))).statusCode, 200);
    const res = await call(
      'PATCH',
      `/api/v1/tenants/${DEMO_ORG}/users/${created.user.id}`,
      { cookie: admin.cookie, 'x-deskwire-csrf': admin.csrf },
      { disabled: true },
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await call('GET', '/api/v1/me', { cookie: temp.cookie })).statusCode, 401);
    assert.equal((await call('GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, auth(keys))).statusCode, 401);
    // An Admin cannot lock themselves out.
    const ravi = (admin.body.user as { id: string }).id;
    const self = await call(
      'PATCH',
      `/api/v1/tenants/${DEMO_ORG}/users/${ravi}`,
      { cookie: admin.cookie, 'x-deskwire-csrf': admin.csrf },
      { disabled: true },
    );
    assert.equal(self.statusCode, 400);
  });

  test('sign-in throttling per account: after the limit even the right password gets 429 with Retry-After', async () => {
    await createUser(
      { orgId: DEMO_ORG, name: 'Target', email: 'target@edu101.example', password: PASSWORD },
      server.deskwire,
    );
    for (let i = 0; i < 3; i++) {
      const res = await signIn('target@edu101.example', `wrong ${i} password`, { 'x-forwarded-for': `203.0.113.${i}` });
      assert.equal(res.statusCode, 401);
    }
    const locked = await signIn('target@edu101.example', PASSWORD, { 'x-forwarded-for': '203.0.113.99' });
    assert.equal(locked.statusCode, 429, locked.body);
    assert.equal(locked.json().error.code, 'RateLimitExceeded');
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    server.advanceClock(901_000);
    sessionOf(await signIn('target@edu101.example', PASSWORD, { 'x-forwarded-for': '203.0.113.99' }));
  });

  test("sign-in throttling counts per tenant: guesses at one tenant's user never lock out another's with the same email", async () => {
    const other = 91_001;
    await createTenant({ orgId: other, name: 'Other desk' }, server.deskwire);
    for (const orgId of [DEMO_ORG, other]) {
      await createUser({ orgId, name: 'Shared', email: 'shared@example.org', password: PASSWORD }, server.deskwire);
    }
    const attempt = (orgId: number | undefined, password: string, ip: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        payload: JSON.stringify({ email: 'shared@example.org', password, ...(orgId !== undefined && { orgId }) }),
      });
    for (let i = 0; i < 3; i++) assert.equal((await attempt(other, `wrong ${i}`, `198.18.0.${i}`)).statusCode, 401);
    assert.equal((await attempt(other, PASSWORD, '198.18.0.9')).statusCode, 429, 'the guessed-at user is locked');
    sessionOf(await attempt(DEMO_ORG, PASSWORD, '198.18.0.9'));
    // Without an orgId the email reaches both users, so no one: those guesses use up neither user's budget.
    for (let i = 0; i < 3; i++) assert.equal((await attempt(undefined, `wrong ${i}`, `198.18.1.${i}`)).statusCode, 401);
    sessionOf(await attempt(DEMO_ORG, PASSWORD, '198.18.1.9'));
  });

  test('sign-in throttling answers alike for an existing user and an unknown address (no oracle), each way at most its budget', async () => {
    await createUser(
      { orgId: DEMO_ORG, name: 'Solo', email: 'solo@edu101.example', password: PASSWORD },
      server.deskwire,
    );
    const attempt = (email: string, orgId: number | undefined, password: string, ip: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        payload: JSON.stringify({ email, password, ...(orgId !== undefined && { orgId }) }),
      });
    const statuses = async (email: string, net: string) => {
      const seen: number[] = [];
      const steps: Array<number | undefined> = [undefined, undefined, undefined, DEMO_ORG, 91_002, undefined, DEMO_ORG];
      for (const [i, orgId] of steps.entries()) {
        seen.push((await attempt(email, orgId, `wrong ${i}`, `${net}.${i}`)).statusCode);
      }
      return seen;
    };
    const known = await statuses('solo@edu101.example', '198.18.2');
    assert.deepEqual(known, [401, 401, 401, 401, 401, 429, 401]);
    assert.deepEqual(await statuses('nobody@edu101.example', '198.18.3'), known);
    // Three more guesses naming the tenant use up its budget too: the user is then refused both ways.
    assert.equal((await attempt('solo@edu101.example', DEMO_ORG, 'wrong 7', '198.18.2.7')).statusCode, 401);
    assert.equal((await attempt('solo@edu101.example', DEMO_ORG, PASSWORD, '198.18.2.8')).statusCode, 429);
    assert.equal((await attempt('solo@edu101.example', undefined, PASSWORD, '198.18.2.9')).statusCode, 429);
  });

  test('sign-in throttling per client address: one address guessing many accounts is stopped too', async () => {
    const ip = { 'x-forwarded-for': '192.0.2.77' };
    for (let i = 0; i < 6; i++) {
      assert.equal((await signIn(`guess${i}@edu101.example`, 'whatever pw', ip)).statusCode, 401);
    }
    const blocked = await signIn('asha@edu101.example', PASSWORD, ip);
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    sessionOf(await signIn('asha@edu101.example', PASSWORD, { 'x-forwarded-for': '192.0.2.78' }));
  });
});
