// The worked example of docs/sandbox.md, verbatim: a client's retry logic tested against injected
// 503s. Only the public API and plain HTTP: the same steps work from any language.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp, openDeskwire } from '@deskwire/server';

const TOKEN = 'example-admin-token';
const ORG = 1001;
let base: string;

// 1. A fresh server per test file, on a free loopback port, with the sandbox controls on.
//    (Against `deskwire serve --admin-token …` instead, set `base` to its URL and skip this.)
let stop: () => Promise<void>;
before(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-example-'));
  const deskwire = await openDeskwire({ dataDir });
  const app = await buildApp(deskwire, { adminToken: TOKEN, logLevel: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  stop = async () => {
    await app.close();
    await deskwire.close();
    await rm(dataDir, { recursive: true, force: true });
  };
});
after(() => stop());

/** A sandbox call: JSON in, JSON out, with the admin token. */
async function sandbox<T = void>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/_deskwire${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** The code under test: GET a ticket, retrying 5xx answers up to 3 times with a short backoff. */
async function getTicketWithRetry(keys: { accessKey: string; secretKey: string }, number: number) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/api/tenants/${ORG}/tickets/${number}`, {
      headers: { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey },
    });
    if (res.status < 500 || attempt === 3) return res;
    await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
  }
}

test('getTicketWithRetry survives two 503s in a row', async () => {
  // 2. State: a tenant (its keys come back once), a ticket, an inbound e-mail with a file.
  type Keys = { accessKey: string; secretKey: string };
  const { accessKey, secretKey } = await sandbox<Keys>('POST', '/tenants', { orgId: ORG, name: 'Acme Support' });
  const ticket = await sandbox<{ id: string; number: number }>('POST', `/tenants/${ORG}/tickets`, {
    lead: { email: 'wim@example.com', firstName: 'Wim' },
    fields: { Title: 'Printer on fire', Priority: 'High' },
  });
  await sandbox('POST', `/tenants/${ORG}/tickets/${ticket.number}/conversations`, {
    type: 'InboundEmail',
    text: 'See the photo',
    attachments: [{ fileName: 'photo.txt', contentBase64: Buffer.from('not really a photo').toString('base64') }],
  });

  // 3. The fault: the next two reads of a ticket in this tenant answer 503.
  await sandbox('POST', '/faults', {
    id: 'two-outages',
    orgId: ORG,
    operation: 'lsq.getTicket',
    times: 2,
    respond: { status: 503, body: { Status: 'Error', ExceptionType: 'ServiceUnavailable' } },
  });

  // 4. The client retries through both outages and gets the ticket.
  const res = await getTicketWithRetry({ accessKey, secretKey }, ticket.number);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { TicketId: string }).TicketId, ticket.id);

  // 5. The journal shows what happened on the wire: two injected 503s, then the real 200.
  type Journal = { requests: Array<{ status: number; faultId: string | null }> };
  const { requests } = await sandbox<Journal>('GET', `/tenants/${ORG}/requests?operation=lsq.getTicket`);
  assert.deepEqual(
    requests.map((r) => [r.status, r.faultId]),
    [
      [503, 'two-outages'],
      [503, 'two-outages'],
      [200, null],
    ],
  );

  // 6. Between tests: back to an empty tenant; the keys keep working.
  await sandbox('POST', `/tenants/${ORG}/reset`);
  const after = await getTicketWithRetry({ accessKey, secretKey }, ticket.number);
  assert.equal(after.status, 404);
});
