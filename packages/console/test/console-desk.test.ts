import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, startDeskServer, waitFor } from './helpers/desk-server.js';
import { screenshot } from './helpers/screenshots.js';

// The "done means", in Debian's Chromium against the whole server: an agent signs in, searches,
// opens #143, replies (the mail reaches the SMTP sink, L5 shows it), adds a note (K3 shows it), changes the
// status (L4 shows it); a change through L3 shows in the open console; the session ends in the browser.
// One browser and one page for the file; the tests run in order and share them.

const AGENT = { name: 'Asha Rao', email: 'asha@edu101.example', password: 'correct horse battery staple' };
/** #143's Kapture ticket id (docs/kapture-api.md). */
const KAPTURE_143 = '713516551148';
const LIMIT_MS = 1000;

/**
 * Clicks and returns when the console's API call for it left the browser: "within 1 s" is counted from
 * the agent's action reaching the network, not from Playwright's own click handling.
 */
async function clickAndTime(page: Page, button: ReturnType<Page['getByRole']>, method: string, path: RegExp) {
  const sent = page.waitForRequest((r) => r.method() === method && path.test(new URL(r.url()).pathname));
  await button.click();
  await sent;
  return Date.now();
}

describe('agent console: done means (issue 20)', () => {
  let server: DeskServer;
  let browser: TestBrowser;
  let page: Page;
  let kaptureToken: string;
  let listAvailable = false;

  const axeClean = async (where: string) => {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
  };

  before(async () => {
    server = await startDeskServer();
    const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...AGENT, role: 'Admin' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const token = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/tokens`, { api: 'get' });
    assert.equal(token.status, 201, JSON.stringify(token.json));
    kaptureToken = (token.json as { token: string }).token;
    listAvailable = (await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets?limit=1`)).status === 200;
    browser = await launchBrowser(server.url);
    page = browser.page;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('sign-in page: axe-clean; a wrong password is refused with the server message', async () => {
    await page.goto(server.consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await axeClean('sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('E-mail').fill(AGENT.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Invalid email or password').waitFor();
  });

  test('sign in: the queue opens on "My open"', async () => {
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: /Unassigned/ })
      .waitFor();
    assert.equal(await page.getByText(`${AGENT.name} (Admin)`).count(), 1);
  });

  test('the queue: views, counts, search as you type and j/k/Enter', async (t) => {
    if (!listAvailable) {
      t.skip('the server answers no ticket list yet (GET /api/v1/tenants/{orgId}/tickets is not 200)');
      return;
    }
    await page.getByRole('link', { name: /^All/ }).click();
    await page.getByRole('heading', { level: 1, name: 'All' }).waitFor();
    await page.locator('tr[data-ticket="143"]').waitFor();
    await axeClean('queue');
    await screenshot(page, 'queue');
    await page.keyboard.press('/');
    await page.keyboard.type('Update Email');
    await page.locator('tr[data-ticket="143"]').waitFor();
    await page.locator('tr[data-ticket="143"] mark').first().waitFor();
    await page.getByLabel('Search').press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /#143/ }).waitFor();
  });

  test('open #143: the thread tells email, portal and notes apart; axe-clean', async () => {
    await page.goto(`${server.consoleUrl}tickets/143`);
    await page.getByRole('heading', { level: 1, name: /#143/ }).waitFor();
    const inbound = page.getByRole('article', { name: 'Email from the customer' });
    await inbound.first().waitFor();
    assert.ok((await inbound.count()) >= 2);
    // Email HTML is in sandboxed frames without scripts.
    const frames = page.locator('.email-frame iframe');
    assert.ok((await frames.count()) >= 2);
    for (const sandbox of await frames.evaluateAll((els) => els.map((e) => e.getAttribute('sandbox')))) {
      assert.equal(sandbox, '');
    }
    await page.getByRole('complementary', { name: 'Ticket details' }).getByText('wim@example.com').waitFor();
    await axeClean('ticket');
    await screenshot(page, 'ticket');
  });

  test('reply: the mail reaches the SMTP sink and L5 shows it as OutboundEmail within 1 s', async () => {
    const text = `Hello Wim, your address is updated (${Date.now()}).`;
    await page.getByLabel('Email reply').check();
    await page.getByLabel('Message').fill(text);
    const sentAt = await clickAndTime(page, page.getByRole('button', { name: 'Send reply' }), 'POST', /\/replies$/);
    const seen = await waitFor(async () => {
      const l5 = await callJson(server, 'POST', `/api/tenants/${DEMO_ORG}/conversation/filter`, {
        TicketId: 143,
        OrgId: DEMO_ORG,
        ActivityType: ['OutboundEmail'],
      });
      const list = (l5.json as { ConversationList?: Array<Record<string, unknown>> }).ConversationList ?? [];
      return list.find((c) => JSON.stringify(c).includes(text));
    }, sentAt);
    assert.equal(seen.value.RelatedActivityType, 'OutboundEmail');
    assert.ok(seen.elapsedMs <= LIMIT_MS, `L5 showed the reply after ${seen.elapsedMs} ms`);
    const mail = await waitFor(async () => server.sent.find((m) => m.raw.includes('Hello Wim')), sentAt);
    assert.deepEqual(mail.value.to, ['wim@example.com']);
    await page
      .getByRole('article', { name: 'Email to the customer' })
      .getByText(text)
      .or(page.getByRole('article', { name: 'Email to the customer' }).locator('iframe'))
      .first()
      .waitFor();
  });

  test('internal note: K3 `notes` shows it within 1 s, and the thread marks it as a note', async () => {
    const text = `Checked the ID document (${Date.now()}).`;
    await page.getByLabel(/Internal note/).check();
    await page.getByLabel('Note', { exact: true }).fill(text);
    const sentAt = await clickAndTime(page, page.getByRole('button', { name: 'Add note' }), 'POST', /\/notes$/);
    const seen = await waitFor(async () => {
      const k3 = await callJson(
        server,
        'POST',
        '/search-ticket-by-ticket-id.html/v.2.0',
        { ticket_ids: KAPTURE_143, conversation_type: 'notes' },
        { authorization: `Basic ${kaptureToken}` },
      );
      return JSON.stringify(k3.json).includes(text) ? k3.json : undefined;
    }, sentAt);
    assert.ok(seen.elapsedMs <= LIMIT_MS, `K3 showed the note after ${seen.elapsedMs} ms`);
    await page.getByRole('article', { name: 'Internal note' }).getByText(text).waitFor();
  });

  test('status change: L4 shows it within 1 s', async () => {
    const details = page.getByRole('complementary', { name: 'Ticket details' });
    await details.getByLabel(/^Status/).selectOption('In Progress');
    const saveButton = details.getByRole('button', { name: 'Save changes' });
    const sentAt = await clickAndTime(page, saveButton, 'PATCH', /\/tickets\/143$/);
    const seen = await waitFor(async () => {
      const l4 = await callJson(server, 'GET', `/api/tenants/${DEMO_ORG}/tickets/143`);
      const fields = (l4.json as { Fields?: Array<{ SchemaName: string; Value: unknown }> }).Fields ?? [];
      return fields.find((f) => f.SchemaName === 'Status' && f.Value === 'In Progress');
    }, sentAt);
    assert.ok(seen.elapsedMs <= LIMIT_MS, `L4 showed the status after ${seen.elapsedMs} ms`);
    await details.getByText('Saved.').waitFor();
  });

  test('a change made through L3 appears in the open console within 1 s', async () => {
    const title = `Update Email Id (changed by L3 ${Date.now()})`;
    const lead = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`);
    const leadId = (lead.json as { lead: { id: string } }).lead.id;
    const changedAt = Date.now();
    const l3 = await callJson(server, 'PUT', `/api/tenants/${DEMO_ORG}/tickets/143/update`, {
      TypeId: '1',
      Id: '143',
      LeadId: leadId,
      Fields: [{ SchemaName: 'Title', Value: title }],
      RelatedTicketTypeId: 1,
    });
    assert.equal(l3.status, 200, JSON.stringify(l3.json));
    await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - changedAt;
    assert.ok(elapsed <= LIMIT_MS, `the console showed the L3 change after ${elapsed} ms`);
  });

  test('admin pages are axe-clean', async () => {
    for (const [path, heading] of [
      ['admin/users', 'Users and keys'],
      ['admin/tokens', 'Kapture tokens'],
      ['admin/lookups', 'Lookups'],
      ['admin/fields', 'Fields'],
      ['admin/webhooks', 'Webhooks'],
      ['admin/channels', 'Mailboxes'],
    ] as const) {
      await page.goto(server.consoleUrl + path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      if (path === 'admin/users') {
        await page.getByRole('cell', { name: AGENT.email }).waitFor();
        await screenshot(page, 'admin-users');
      }
      await axeClean(path);
    }
  });

  test('CSRF in the browser: a write with the session cookie but without the token is refused', async () => {
    const status = (await page.evaluate(`
      fetch('/api/v1/tenants/${DEMO_ORG}/tickets/143', {
        method: 'PATCH',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { Priority: 'Urgent' } }),
      }).then((r) => r.status)
    `)) as number;
    assert.equal(status, 403);
    const l4 = await callJson(server, 'GET', `/api/tenants/${DEMO_ORG}/tickets/143`);
    assert.doesNotMatch(JSON.stringify(l4.json), /"Urgent"/);
  });

  test('session expiry: after 2 hours idle the console returns to sign-in and says why', async () => {
    await page.goto(`${server.consoleUrl}tickets/143`);
    await page.getByRole('heading', { level: 1, name: /#143/ }).waitFor();
    server.advanceClock(2 * 60 * 60 * 1000 + 60_000);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    await page.getByText('Your session has ended').waitFor();
  });

  test('the page never opened a dialog, threw, or reached another origin', () => {
    assert.deepEqual(browser.watch.dialogs, []);
    assert.deepEqual(browser.watch.pageErrors, []);
    assert.deepEqual(browser.watch.foreignRequests, []);
    assert.deepEqual(
      browser.watch.consoleErrors.filter((m) => !/Blocked script execution in 'about:srcdoc'/.test(m)),
      [],
    );
  });
});
