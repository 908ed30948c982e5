import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, startDeskServer } from './helpers/desk-server.js';

// Hostile content reaches the console two ways: email HTML (a customer's mail, delivered over SMTP) and
// field values (any API client). Every payload tries to set the top page's canary or open a dialog; none
// may, and no remote resource may load until the agent asks for it.

const AGENT = { name: 'Kim Lee', email: 'kim@edu101.example', password: 'a long enough password' };
const CANARY = 'top.__xss = (top.__xss || 0) + 1; alert(1)';

const EMAIL_CORPUS = [
  '<p>Tracking pixel: <img alt="pixel" src="https://tracker.example/pixel.png"></p>',
  `<div style="background:url(javascript:${CANARY})">styled</div>`,
  `<script>${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `<svg onload="${CANARY}"><circle r="5"/></svg>`,
  `<a id="js-link" href="javascript:${CANARY}">click me</a>`,
  `<iframe src="javascript:${CANARY}"></iframe>`,
  `<iframe srcdoc="<script>${CANARY}</script>"></iframe>`,
  `<form action="javascript:${CANARY}"><button>send</button></form>`,
  `<object data="javascript:${CANARY}"></object><embed src="javascript:${CANARY}">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${CANARY}">`,
  `<base href="javascript:${CANARY}//">`,
  `<details open ontoggle="${CANARY}">x</details>`,
  `<noscript><p title="</noscript><img src=x onerror='${CANARY}'>"></noscript>`,
  // Mutation XSS last: its unclosed <style> swallows what follows.
  `<math><mtext><table><mglyph><style><img src=x onerror="${CANARY}">`,
].join('\n');

const FIELD_CORPUS = `<img src=x onerror="${CANARY}"><script>${CANARY}</script>"'><svg onload=alert(1)>`;

function htmlMail(subject: string, html: string): string {
  return [
    'From: Wim <wim@example.com>',
    'To: support@edu101.example',
    `Subject: ${subject}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    `Message-ID: <xss-${Date.now()}@example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '',
  ].join('\r\n');
}

describe('agent console: hostile email HTML and field values execute nothing', () => {
  let server: DeskServer;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    server = await startDeskServer();
    const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...AGENT, role: 'Agent' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    // The customer's hostile mail threads into #143 (the [#143] token from its requester).
    await server.deliver(htmlMail('[#143] Re: Update Email Id', EMAIL_CORPUS), { from: 'wim@example.com' });
    const ticket = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143`);
    const leadId = (ticket.json as { lead: { id: string } }).lead.id;
    const l3 = await callJson(server, 'PUT', `/api/tenants/${DEMO_ORG}/tickets/143/update`, {
      TypeId: '1',
      Id: '143',
      LeadId: leadId,
      Fields: [
        { SchemaName: 'Title', Value: FIELD_CORPUS },
        { SchemaName: 'Description', Value: FIELD_CORPUS },
      ],
      RelatedTicketTypeId: 1,
    });
    assert.equal(l3.status, 200, JSON.stringify(l3.json));
    browser = await launchBrowser(server.url);
    page = browser.page;
    await page.goto(server.consoleUrl);
    await page.getByLabel('E-mail').fill(AGENT.email);
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const thread = () => page.getByRole('article', { name: 'Email from the customer' });

  test('the ticket renders the hostile title as text and the hostile mail in a sandboxed frame', async () => {
    await page.goto(`${server.consoleUrl}tickets/143`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '<img src=x onerror=' }).waitFor();
    await page
      .getByRole('complementary', { name: 'Ticket details' })
      .getByLabel(/^Title/)
      .waitFor();
    assert.equal(await page.getByLabel(/^Title/).inputValue(), FIELD_CORPUS);
    assert.equal(await thread().count(), 3, 'the two documented emails and the hostile one');
    const srcdoc = (await thread().last().locator('iframe').getAttribute('srcdoc')) ?? '';
    assert.match(srcdoc, /Tracking pixel/);
    assert.doesNotMatch(
      srcdoc,
      /<script|onerror|onload|ontoggle|javascript:|<iframe|<object|<embed|<form|<base|http-equiv="refresh"/i,
    );
    assert.doesNotMatch(srcdoc, /tracker\.example/, 'the remote image is held back');
    assert.equal(await thread().last().locator('iframe').getAttribute('sandbox'), '');
  });

  test('clicking inside the message runs nothing', async () => {
    const frame = page.frameLocator('.email-frame iframe').last();
    await frame.getByText('click me').click();
    await frame.getByText('styled').click();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(browser.watch.dialogs, []);
  });

  test('nothing ran: no canary, no dialog, no page error, no remote request', async () => {
    // Several live refreshes re-render the thread and the fields.
    await page.waitForTimeout(1600);
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(browser.watch.dialogs, []);
    assert.deepEqual(browser.watch.pageErrors, []);
    assert.deepEqual(browser.watch.foreignRequests, []);
  });

  test('"Load remote content" loads the held-back image (and only then)', async () => {
    const message = thread().last();
    await message.getByText('1 remote image was not loaded.').waitFor();
    const request = page.waitForRequest('https://tracker.example/pixel.png');
    await message.getByRole('button', { name: 'Load remote content' }).click();
    await request;
    // The route handler records the request just after Chromium reports it.
    for (let i = 0; i < 100 && browser.watch.foreignRequests.length === 0; i++) await page.waitForTimeout(20);
    assert.deepEqual(browser.watch.foreignRequests, ['https://tracker.example/pixel.png']);
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(browser.watch.dialogs, []);
  });
});
