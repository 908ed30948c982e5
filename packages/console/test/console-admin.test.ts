import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, startDeskServer, waitFor } from './helpers/desk-server.js';
import { screenshot } from './helpers/screenshots.js';

// Issue 20's admin pages that need the session on /api/v1: webhooks (add, secret once, delivery log,
// redeliver, filter, disable, delete; an Agent kept out) and restoring a ticket from the Trash view. The
// webhook receiver is a real HTTP server on this host (the server is started with webhooksAllowPrivate).
// One browser and one page for the file; the tests run in order and share them.

const ADMIN = { name: 'Ines Park', email: 'ines@edu101.example', password: 'a long admin password' };
const AGENT = { name: 'Omar Diaz', email: 'omar@edu101.example', password: 'a long agent password' };
const WEBHOOKS = `/api/v1/tenants/${DEMO_ORG}/webhooks`;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('agent console: webhooks admin page and restore from the trash (issue 20)', () => {
  let server: DeskServer;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let browser: TestBrowser;
  let page: Page;
  /** Every message the page logged, at any level: none may carry a secret or an endpoint URL. */
  const logged: string[] = [];
  let webhookId = '';

  const axeClean = async (where: string) => {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
  };
  const listed = async () =>
    (await callJson(server, 'GET', WEBHOOKS)).json as { webhooks: Array<Record<string, unknown>> };
  const signIn = async (user: { email: string; password: string }) => {
    await page.goto(server.consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
  };

  before(async () => {
    server = await startDeskServer({ webhooksAllowPrivate: true });
    for (const [user, role] of [
      [ADMIN, 'Admin'],
      [AGENT, 'Agent'],
    ] as const) {
      const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...user, role });
      assert.equal(created.status, 201, JSON.stringify(created.json));
    }
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks from the receiver');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    browser = await launchBrowser(server.url);
    page = browser.page;
    page.on('console', (message) => logged.push(message.text()));
    await signIn(ADMIN);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  test('the admin navigation leads to the Webhooks page, axe-clean', async () => {
    const sandbox = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/sandbox'));
    await page.getByRole('link', { name: 'Admin' }).click();
    // The sandbox is off on this server: no journal or fault rules in the navigation.
    assert.deepEqual(await (await sandbox).json(), { enabled: false });
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    assert.match(page.url(), /\/console\/admin\/webhooks$/);
    assert.equal(await page.getByRole('link', { name: /Request journal|Fault rules/ }).count(), 0);
    await axeClean('webhooks (empty)');
    // Mailboxes has a page of its own (console-mailboxes.test.ts); the navigation goes there and back.
    await page.getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mailboxes' }).waitFor();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  });

  test('adding an endpoint shows its secret once', async () => {
    await page.getByLabel('URL').fill(receiverUrl);
    await page.getByLabel('Description (optional)').fill('Console test receiver');
    await page.getByRole('group', { name: 'Events to deliver' }).getByLabel('ticket.updated').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    assert.match(secret, /^whsec_/);
    await page.getByText('it is shown this once and never again').waitFor();
    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.getByRole('cell', { name: 'ticket.updated' }).waitFor();
    await axeClean('webhooks (secret shown)');
    const list = await listed();
    assert.equal(list.webhooks.length, 1);
    assert.deepEqual(list.webhooks[0]?.events, ['ticket.updated']);
    webhookId = String(list.webhooks[0]?.id);
    assert.doesNotMatch(JSON.stringify(list), /whsec_/, 'the list never carries the secret');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    assert.equal(await page.getByTestId('webhook-secret').count(), 0);
    await page.reload();
    await page.getByRole('row').filter({ hasText: receiverUrl }).waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone after a reload');
  });

  test('a change that emits an event shows in the delivery log; redeliver sends it again', async () => {
    const changed = await callJson(server, 'PATCH', `/api/v1/tenants/${DEMO_ORG}/tickets/143`, {
      fields: { Status: 'In Progress' },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    await waitFor(async () => (received.length >= 1 ? true : undefined), Date.now());
    const first = received[0];
    assert.equal(JSON.parse(first?.body ?? '{}').type, 'ticket.updated');
    const eventId = first?.headers['webhook-id'];
    assert.match(String(eventId), /^evt_/);

    await page
      .getByRole('row')
      .filter({ hasText: receiverUrl })
      .getByRole('button', { name: /^Deliveries/ })
      .click();
    const log = page.getByRole('table', { name: /^Deliveries to/ });
    const delivery = log.getByRole('row').filter({ hasText: 'ticket.updated' });
    await delivery.getByRole('cell', { name: 'delivered', exact: true }).waitFor();
    await delivery.getByRole('cell', { name: '200', exact: true }).waitFor();
    await delivery.getByText('thanks from the receiver').waitFor();
    await delivery.getByRole('cell', { name: /^\d+ ms$/ }).waitFor();
    await axeClean('webhooks (delivery log)');
    // Taken with the log open and the secret long gone (the docs never show one).
    await log.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-webhooks');

    await delivery.getByRole('button', { name: /^Redeliver ticket\.updated/ }).click();
    await page.getByText(/Redelivery queued/).waitFor();
    await waitFor(async () => (received.length >= 2 ? true : undefined), Date.now());
    assert.equal(received[1]?.headers['webhook-id'], eventId, 'a redelivery carries the same webhook-id');
    // The log reads itself again while the redelivery is pending: it settles on delivered.
    await log
      .getByRole('row')
      .filter({ hasText: 'ticket.updated' })
      .first()
      .getByRole('cell', { name: 'delivered' })
      .waitFor();
  });

  test('the event filter, disable and delete go through the API', async () => {
    const filter = page.getByRole('group', { name: 'Event filter' });
    await filter.getByLabel('ticket.updated').uncheck();
    await filter.getByLabel('note.added').check();
    await page.getByRole('button', { name: 'Save event filter' }).click();
    await page.getByText('Event filter saved.').waitFor();
    assert.deepEqual((await listed()).webhooks[0]?.events, ['note.added']);

    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.getByRole('button', { name: /^Disable/ }).click();
    await row.getByRole('cell', { name: 'Disabled', exact: true }).waitFor();
    assert.equal((await listed()).webhooks[0]?.enabled, false);

    // The delivery log filters by status (the API's ?status=).
    await page.getByLabel('Show deliveries').selectOption('failed');
    await page.getByText('0 deliveries').waitFor();
    await page.getByLabel('Show deliveries').selectOption('delivered');
    await page.getByText(/^[1-9]\d* deliver/).waitFor();

    // Delete asks once more in place; "Keep" leaves the endpoint.
    await row.getByRole('button', { name: /^Delete/ }).click();
    await row.getByRole('button', { name: /^Keep/ }).click();
    assert.equal((await listed()).webhooks.length, 1);
    await row.getByRole('button', { name: /^Delete/ }).click();
    await axeClean('webhooks (confirm delete)');
    await row.getByRole('button', { name: /^Confirm delete/ }).click();
    await page.getByText(`Endpoint ${webhookId} deleted`).waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    assert.deepEqual((await listed()).webhooks, []);
  });

  test('restore: a trashed ticket leaves the Trash view and is live again (L4)', async () => {
    const trashed = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/tickets/143/trash`);
    assert.equal(trashed.status, 200, JSON.stringify(trashed.json));
    await page.goto(`${server.consoleUrl}views/trash`);
    await page.getByRole('heading', { level: 1, name: 'Trash' }).waitFor();
    const row = page.locator('tr[data-ticket="143"]');
    await row.getByRole('button', { name: 'Restore ticket 143' }).waitFor();
    await axeClean('trash view');
    await row.getByRole('button', { name: 'Restore ticket 143' }).click();
    await page.getByText('Ticket 143 restored.').waitFor();
    await row.waitFor({ state: 'detached' });
    const l4 = await callJson(server, 'GET', `/api/tenants/${DEMO_ORG}/tickets/143`);
    assert.equal(l4.status, 200, JSON.stringify(l4.json));
    const trash = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets?trashed=true`);
    const numbers = (trash.json as { tickets: Array<{ number: number }> }).tickets.map((t) => t.number);
    assert.ok(!numbers.includes(143), 'no longer in the trash');
    const live = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets?limit=100`);
    assert.ok((live.json as { tickets: Array<{ number: number }> }).tickets.some((t) => t.number === 143));
  });

  test('an Agent has no webhooks page, and the API answers the session 403', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(AGENT);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
    await page.goto(`${server.consoleUrl}admin/webhooks`);
    await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Webhooks' }).count(), 0);
    const status = await page.evaluate(`fetch('${WEBHOOKS}').then((r) => r.status)`);
    assert.equal(status, 403);
  });

  test('the page logged no secret, no endpoint URL and no error', () => {
    for (const line of logged) {
      assert.doesNotMatch(line, /whsec_/);
      assert.ok(!line.includes(receiverUrl), `logged: ${line}`);
    }
    assert.deepEqual(browser.watch.consoleErrors, []);
    assert.deepEqual(browser.watch.pageErrors, []);
    assert.deepEqual(browser.watch.foreignRequests, []);
  });
});
