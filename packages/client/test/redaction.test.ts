// Keys live in a closure: no error, debug event or inspection of the client ever carries them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  type DebugEvent,
  type DeskwireClientError,
  isDeskwireClientError,
  KaptureClient,
  LeadSquaredClient,
  REDACTED,
  redactHeaders,
  redactUrl,
} from '@deskwire/client';
import { DEMO_ORG, INJECT_HOST, refusedUrl, startServer, type TestServer } from './helpers/deskwire-server.js';

async function rejection(promise: Promise<unknown>): Promise<DeskwireClientError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(isDeskwireClientError(error), `expected a DeskwireClientError, got ${String(error)}`);
  return error;
}

/** Every way a credential could leak out of a value: JSON, deep inspection (hidden and private included), the stack. */
function everything(value: unknown): string {
  const parts = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {}
  if (value instanceof Error)
    parts.push(value.stack ?? '', String(value), inspect(value.cause, { depth: 10, showHidden: true }));
  return parts.join('\n');
}

describe('credentials are never exposed', () => {
  let server: TestServer;
  let base: string;
  let secrets: string[];
  const events: DebugEvent[] = [];
  const client = (host = INJECT_HOST, extra: { accessKey?: string; secretKey?: string } = {}) =>
    new LeadSquaredClient({
      host,
      orgId: DEMO_ORG,
      ...server.demo,
      ...extra,
      fetch: host === INJECT_HOST ? server.fetch : fetch,
      timeout: 200,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
      debug: (e) => events.push(e),
    });
  const assertClean = (label: string, value: unknown) => {
    const text = everything(value);
    for (const secret of secrets) assert.ok(!text.includes(secret), `${label} leaks a credential`);
  };

  before(async () => {
    server = await startServer();
    await server.rateLimit(false);
    base = await server.listen();
    secrets = [server.demo.accessKey, server.demo.secretKey, 'wrong-access-key-1234', 'wrong-secret-key-5678'];
  });
  after(() => server.close());

  test('errors of every kind carry redacted headers and no key anywhere', async () => {
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getLookupValues',
      times: 2,
      latency: { type: 'fixed', ms: 2000 },
    });
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.filterTicketFields',
      times: 1,
      respond: { status: 200, body: [] },
    });
    const refused = await refusedUrl();
    const errors = await Promise.all([
      rejection(client().getTicket(99999)), // NOT_FOUND
      rejection(
        client(INJECT_HOST, { accessKey: 'wrong-access-key-1234', secretKey: 'wrong-secret-key-5678' }).getTicket(143),
      ), // AUTH
      rejection(client(base).getLookupValues('Status')), // TIMEOUT (real socket)
      rejection(client(refused).getTicket(143)), // NETWORK
      rejection(client().getTicketFieldsMetadata({ Limit: 0, Offset: 0 })), // VALIDATION (client side)
      rejection(client().getTicket(143, { signal: AbortSignal.abort() })), // ABORTED
    ]);
    assert.deepEqual(
      errors.map((e) => e.code),
      ['NOT_FOUND', 'AUTH', 'TIMEOUT', 'NETWORK', 'VALIDATION', 'ABORTED'],
    );
    for (const error of errors) {
      assertClean(error.code, error);
      if (error.code !== 'VALIDATION') {
        assert.equal(error.request.headers['x-lsq-access-key'], REDACTED, `${error.code}: header kept, value redacted`);
        assert.equal(error.request.headers['x-lsq-secret-key'], REDACTED);
      }
    }
  });

  test('a body that echoes a key is scrubbed from the message, vendorMessage and rawBody', async () => {
    const { secretKey, accessKey } = server.demo;
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'lsq.getTicket',
      times: 1,
      respond: {
        status: 400,
        body: {
          Status: 'Error',
          ExceptionType: 'Echo',
          ExceptionMessage: `bad key ${secretKey} for ${encodeURIComponent(accessKey)}`,
        },
      },
    });
    const error = await rejection(client().getTicket(143));
    assertClean('an echoing error', error);
    assert.equal(error.vendorMessage, `bad key ${REDACTED} for ${REDACTED}`);
    assert.match(error.message, /\[REDACTED\]/);
  });

  test('debug events carry no key (headers redacted, no bodies)', async () => {
    await client().getTicket(143);
    assert.ok(events.some((e) => e.type === 'request'));
    assertClean('debug events', events);
    const request = events.find((e) => e.type === 'request');
    assert.ok(request?.type === 'request');
    assert.equal(request.headers['x-lsq-secret-key'], REDACTED);
  });

  test('the client itself shows no key, however it is inspected', () => {
    const lsq = client();
    assertClean('the client', lsq);
    assertClean('the normalized view', lsq.tickets);
    assert.deepEqual(Object.keys(lsq).sort(), ['orgId', 'tickets']);
  });

  test('signed URLs in errors lose their signature', async () => {
    const conversations = await client().getTicketConversations({
      TicketId: 143,
      OrgId: DEMO_ORG,
      ActivityType: ['InboundEmail'],
    });
    const url = conversations.ConversationList[1]?.Attachments[0]?.ContentPath ?? '';
    const tampered = url.replace(/signature=[0-9a-f]/, 'signature=z');
    const error = await rejection(client().downloadAttachment(tampered));
    assert.equal(error.code, 'FORBIDDEN');
    assert.match(error.request.url, /signature=\[REDACTED\]/);
    assert.ok(!error.request.url.includes(tampered.split('signature=')[1] ?? '-'));
  });

  test('Kapture tokens: never in errors, debug events or the client', async () => {
    const tokens = await server.kaptureTokens();
    const wrong = 'dwt_0123456789abcdef_not-a-real-token-but-secret';
    secrets.push(...Object.values(tokens), wrong);
    const seen: DebugEvent[] = [];
    const kapture = new KaptureClient({ host: INJECT_HOST, tokens, fetch: server.fetch, debug: (e) => seen.push(e) });
    await kapture.getTickets({ ticket_ids: '713516551148' });
    await server.fault({
      orgId: DEMO_ORG,
      operation: 'kapture.createTicket',
      times: 1,
      respond: { status: 200, body: { message: `token ${tokens.add} refused`, status: 'failed' } },
    });
    const echoed = await rejection(kapture.addTicket({ title: 'x' }));
    assert.equal(echoed.vendorMessage, `token ${REDACTED} refused`);
    const refused = await rejection(
      new KaptureClient({ host: INJECT_HOST, token: wrong, fetch: server.fetch }).getTickets({ ticket_ids: '1' }),
    );
    assert.equal(refused.code, 'AUTH');
    assert.equal(refused.request.headers.authorization, `Basic ${REDACTED}`);
    assert.equal(refused.request.headers['x-api-key'], REDACTED);
    for (const [label, value] of Object.entries({ echoed, refused, seen, kapture, tickets: kapture.tickets })) {
      assertClean(`kapture ${label}`, value);
    }
  });

  test('redactHeaders and redactUrl', () => {
    assert.deepEqual(
      redactHeaders({
        Authorization: 'Basic abc123',
        'X-LSQ-ACCESS-KEY': 'a',
        'X-LSQ-SECRET-KEY': 's',
        'x-api-key': 'k',
        'content-type': 'application/json',
      }),
      {
        authorization: `Basic ${REDACTED}`,
        'x-lsq-access-key': REDACTED,
        'x-lsq-secret-key': REDACTED,
        'x-api-key': REDACTED,
        'content-type': 'application/json',
      },
    );
    assert.equal(
      redactUrl('https://s3.example/t/1?X-Amz-Expires=3600&X-Amz-Signature=abc&X-Amz-Credential=AKIA%2Fx&n=1'),
      `https://s3.example/t/1?X-Amz-Expires=3600&X-Amz-Signature=${REDACTED}&X-Amz-Credential=${REDACTED}&n=1`,
    );
    assert.equal(
      redactUrl('https://user:pw@h.example/p?accessKey=x&secretKey=y'),
      `https://${REDACTED}:${REDACTED}@h.example/p?accessKey=${REDACTED}&secretKey=${REDACTED}`,
    );
  });
});
