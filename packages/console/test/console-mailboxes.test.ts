import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMailbox, createTenant } from '@deskwire/server';
import type { Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, SUPPORT, startDeskServer, waitFor } from './helpers/desk-server.js';
import { screenshot } from './helpers/screenshots.js';
import { signIn } from './helpers/sign-in.js';

// Issue 20's Mailboxes admin page: an Admin adds an inbound address in the page and mail sent to it over
// SMTP (the test server's own listener) opens a ticket; changing and removing an address go through the
// API (mail to a removed address is refused with 550); a bad value shows the server's message next to the
// field. One browser and one page for the file; the tests run in order and share them.

const ADMIN = { name: 'Ines Park', email: 'ines@edu101.example', password: 'a long admin password' };
const AGENT = { name: 'Omar Diaz', email: 'omar@edu101.example', password: 'a long agent password' };
const MAILBOXES = `/api/v1/tenants/${DEMO_ORG}/mailboxes`;
/** An address of another tenant on the same server: an address belongs to one tenant. */
const OTHER_TENANT_ADDRESS = 'support@other.example';

function mail(to: string, subject: string): string {
  return [
    'From: Wim <wim@example.com>',
    `To: ${to}`,
    `Subject: ${subject}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    `Message-ID: <mailboxes-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, my certificate has not arrived.',
    '',
  ].join('\r\n');
}

describe('agent console: mailboxes admin page (issue 20)', () => {
  let server: DeskServer;
  let browser: TestBrowser;
  let page: Page;
  const logged: string[] = [];

  const axeClean = async (where: string) => {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
  };
  const addresses = async () => ((await callJson(server, 'GET', MAILBOXES)).json as { addresses: string[] }).addresses;
  /** The ticket whose title is `subject`, once the listener has committed it. */
  const ticketTitled = (subject: string) =>
    waitFor(async () => {
      const list = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets?limit=100&sort=-created`);
      const tickets = (
        list.json as { tickets: Array<{ number: number; title: string | null; channel: string | null }> }
      ).tickets;
      return tickets.find((t) => t.title === subject);
    }, Date.now());
  /** Whether `field` has the focus (read by id: the test code has no DOM types). */
  const focused = async (field: ReturnType<Page['locator']>) =>
    (await page.evaluate('document.activeElement?.id')) === (await field.getAttribute('id'));
  const refused = async (to: string) =>
    assert.rejects(
      server.deliver(mail(to, 'Nobody reads this'), { from: 'wim@example.com', to: [to] }),
      (
        e: Error & {
          responseCode?: number;
        },
      ) => {
        assert.equal(e.responseCode, 550);
        return true;
      },
    );

  before(async () => {
    server = await startDeskServer();
    for (const [user, role] of [
      [ADMIN, 'Admin'],
      [AGENT, 'Agent'],
    ] as const) {
      const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...user, role });
      assert.equal(created.status, 201, JSON.stringify(created.json));
    }
    await createTenant({ orgId: 31337, name: 'Other School' }, server.deskwire);
    await addMailbox({ orgId: 31337, address: OTHER_TENANT_ADDRESS }, server.deskwire);
    browser = await launchBrowser(server.url);
    page = browser.page;
    page.on('console', (message) => logged.push(message.text()));
    await signIn(page, server.consoleUrl, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the Mailboxes page lists the tenant addresses, axe-clean at 1280px', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mailboxes' }).waitFor();
    assert.match(page.url(), /\/console\/admin\/channels$/);
    const table = page.getByRole('table', { name: 'Inbound addresses' });
    await table.getByRole('cell', { name: SUPPORT, exact: true }).waitFor();
    assert.deepEqual(await addresses(), [SUPPORT]);
    // Nothing wider than the window: no horizontal scrolling at a laptop's 1280px.
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 1280'));
    await axeClean('mailboxes');
  });

  test('an address added in the page is stored as the server spells it and mail to it opens a ticket', async () => {
    await page.getByLabel('Address', { exact: true }).fill('  Help@EDU101.example ');
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByRole('status').filter({ hasText: 'Mail to help@edu101.example now opens tickets here.' }).waitFor();
    await page.getByRole('cell', { name: 'help@edu101.example', exact: true }).waitFor();
    assert.equal(await page.getByLabel('Address', { exact: true }).inputValue(), '', 'the form is cleared');
    assert.deepEqual((await addresses()).sort(), ['help@edu101.example', SUPPORT]);

    await server.deliver(mail('help@edu101.example', 'Certificate missing (mailbox page)'), {
      from: 'wim@example.com',
      to: ['help@edu101.example'],
    });
    const { value: ticket } = await ticketTitled('Certificate missing (mailbox page)');
    assert.equal(ticket.channel, 'Email');
    await screenshot(page, 'admin-mailboxes');
  });

  test("a bad address shows the server's message next to the field, which takes focus", async () => {
    const field = page.getByLabel('Address', { exact: true });
    await field.fill('not an address');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(MAILBOXES));
    await page.getByRole('button', { name: 'Add address' }).click();
    const body = (await (await answer).json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'ValidationError');
    const alert = page.getByRole('alert').filter({ hasText: body.error.message });
    await alert.waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await field.getAttribute('aria-describedby'), await alert.getAttribute('id'));
    assert.ok(await focused(field), 'the field has the focus');
    await axeClean('mailboxes (field error)');
    assert.deepEqual((await addresses()).sort(), ['help@edu101.example', SUPPORT], 'nothing was added');
    // An address another tenant has is refused too (MailboxExists, 409), and named as taken.
    await field.fill(OTHER_TENANT_ADDRESS);
    await page.getByRole('button', { name: 'Add address' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `The address ${OTHER_TENANT_ADDRESS} is already in use` })
      .waitFor();
    assert.ok(!(await addresses()).includes(OTHER_TENANT_ADDRESS));
    // A good value clears the error.
    await field.fill('desk@edu101.example');
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByRole('cell', { name: 'desk@edu101.example', exact: true }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.equal(await field.getAttribute('aria-invalid'), 'false');
  });

  test('changing an address moves the mail: the new one opens tickets, the old one is refused', async () => {
    const row = page.locator('tr[data-mailbox="help@edu101.example"]');
    await row.getByRole('button', { name: 'Change help@edu101.example' }).click();
    const field = row.getByLabel('New address for help@edu101.example');
    assert.ok(await focused(field), 'the row form takes focus');
    assert.equal(await field.inputValue(), 'help@edu101.example');
    // A bad value is refused next to the row's field, and the address stays.
    await field.fill('help@');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('alert').filter({ hasText: 'is not an email address' }).waitFor();
    await axeClean('mailboxes (change, field error)');
    assert.ok((await addresses()).includes('help@edu101.example'));

    await field.fill('helpdesk@edu101.example');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByText('help@edu101.example is now helpdesk@edu101.example.').waitFor();
    await page.getByRole('cell', { name: 'helpdesk@edu101.example', exact: true }).waitFor();
    assert.deepEqual((await addresses()).sort(), ['desk@edu101.example', 'helpdesk@edu101.example', SUPPORT]);
    await refused('help@edu101.example');
    await server.deliver(mail('helpdesk@edu101.example', 'Renamed address works'), {
      from: 'wim@example.com',
      to: ['helpdesk@edu101.example'],
    });
    await ticketTitled('Renamed address works');

    // Saving the same address (any case) changes nothing and removes nothing.
    const moved = page.locator('tr[data-mailbox="helpdesk@edu101.example"]');
    await moved.getByRole('button', { name: 'Change helpdesk@edu101.example' }).click();
    await moved.getByLabel('New address for helpdesk@edu101.example').fill('HelpDesk@edu101.example');
    await moved.getByRole('button', { name: 'Save' }).click();
    await page.getByText('helpdesk@edu101.example is unchanged.').waitFor();
    assert.ok((await addresses()).includes('helpdesk@edu101.example'));

    // Cancel leaves the row as it was.
    await moved.getByRole('button', { name: 'Change helpdesk@edu101.example' }).click();
    await moved.getByRole('button', { name: 'Cancel' }).click();
    await moved.getByRole('cell', { name: 'helpdesk@edu101.example', exact: true }).waitFor();
  });

  test('removing asks once more; then mail to the address is refused with 550', async () => {
    const row = page.locator('tr[data-mailbox="desk@edu101.example"]');
    await row.getByRole('button', { name: 'Remove desk@edu101.example' }).click();
    await row.getByRole('button', { name: 'Keep desk@edu101.example' }).click();
    assert.ok((await addresses()).includes('desk@edu101.example'));
    await row.getByRole('button', { name: 'Remove desk@edu101.example' }).click();
    await axeClean('mailboxes (confirm remove)');
    await row.getByRole('button', { name: 'Confirm remove desk@edu101.example' }).click();
    await page.getByText('desk@edu101.example removed: mail to it is now refused.').waitFor();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await addresses()).sort(), ['helpdesk@edu101.example', SUPPORT]);
    await refused('desk@edu101.example');
  });

  test('an Agent has no Mailboxes page, and the API answers the session 403', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, server.consoleUrl, AGENT);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
    await page.goto(`${server.consoleUrl}admin/channels`);
    await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Mailboxes' }).count(), 0);
    assert.equal(await page.evaluate(`fetch('${MAILBOXES}').then((r) => r.status)`), 403);
  });

  test('the page logged no error', () => {
    assert.deepEqual(browser.watch.consoleErrors, []);
    assert.deepEqual(browser.watch.pageErrors, []);
    assert.deepEqual(browser.watch.foreignRequests, []);
    assert.deepEqual(browser.watch.dialogs, []);
  });
});
