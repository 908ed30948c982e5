import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, startDeskServer } from './helpers/desk-server.js';
import { screenshot } from './helpers/screenshots.js';
import { signIn } from './helpers/sign-in.js';

// Issue 20's "with the sandbox on: the request journal (live) and fault rules, so an integrator sees what
// their code did", in Debian's Chromium: an L4 call made with the tenant's keys appears in the open journal
// page; a fault rule added on the Fault rules page makes the next matching L4 call fail as it says.

const ADMIN = { name: 'Ines Park', email: 'ines@edu101.example', password: 'a long admin password' };
const L4 = `/api/tenants/${DEMO_ORG}/tickets/143`;
const OUTAGE = { Status: 'Error', Message: 'injected by the console test' };

describe('agent console: request journal and fault rules (issue 20, sandbox on)', () => {
  let server: DeskServer;
  let browser: TestBrowser;
  let page: Page;

  const axeClean = async (where: string) => {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
  };
  const adminNav = () => page.getByRole('navigation', { name: 'Administration' });

  before(async () => {
    server = await startDeskServer({ adminToken: 'console-sandbox-admin-token' });
    const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...ADMIN, role: 'Admin' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    browser = await launchBrowser(server.url);
    page = browser.page;
    await signIn(page, server.consoleUrl, ADMIN);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the journal page lists an L4 call made with the key pair while it is open, axe-clean', async () => {
    await page.getByRole('link', { name: 'Admin' }).click();
    await adminNav().getByRole('link', { name: 'Request journal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Request journal' }).waitFor();
    assert.match(page.url(), /\/console\/admin\/journal$/);
    const l4 = await callJson(server, 'GET', L4);
    assert.equal(l4.status, 200);
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: L4, exact: true }) });
    await row.first().waitFor();
    await row.first().getByRole('cell', { name: '200' }).waitFor();
    // The one /api/v1 call journaled is the test's own user creation with the key pair; the console's are not.
    const native = await page.getByRole('cell', { name: /^\/api\/v1\// }).allTextContents();
    assert.deepEqual(native, [`/api/v1/tenants/${DEMO_ORG}/users`]);
    await row
      .first()
      .getByRole('button', { name: /^Details/ })
      .click();
    await page.getByRole('definition').filter({ hasText: 'lsq.getTicket' }).waitFor();
    await axeClean('request journal');
    await screenshot(page, 'journal');
  });

  test('a fault rule added on the page makes the next L4 call fail as it says, axe-clean', async () => {
    await adminNav().getByRole('link', { name: 'Fault rules' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fault rules' }).waitFor();
    await page.getByText('No fault rules.').waitFor();
    await axeClean('fault rules (empty)');
    await page.getByLabel(/^Operation/).fill('lsq.getTicket');
    await page.getByLabel('Answer with a status').check();
    await page.getByLabel('Status code').fill('503');
    await page.getByLabel('JSON body (optional)').fill(JSON.stringify(OUTAGE));
    await page.getByLabel(/^Stop after/).fill('1');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page
      .getByRole('status')
      .getByText(new RegExp(`^Fault rule fault-${DEMO_ORG}-\\d+ added\\.$`))
      .waitFor();
    await page.getByRole('cell', { name: 'answer 503' }).waitFor();
    await axeClean('fault rules');
    await screenshot(page, 'faults');

    const failed = await callJson(server, 'GET', L4);
    assert.equal(failed.status, 503);
    assert.deepEqual(failed.json, OUTAGE);
    assert.equal((await callJson(server, 'GET', L4)).status, 200, 'the rule fires once');

    await page.reload();
    await page.getByRole('cell', { name: '1 of 1' }).waitFor();
    await page.getByRole('button', { name: /^Delete/ }).click();
    await page.getByText('No fault rules.').waitFor();
    const rules = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/sandbox/faults`);
    assert.deepEqual(rules.json, { rules: [] });
  });

  test('the journal shows the faulted call with its rule', async () => {
    await adminNav().getByRole('link', { name: 'Request journal' }).click();
    await page.getByLabel('Status').selectOption('5xx');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '503' }) });
    await row.first().waitFor();
    await row
      .first()
      .getByRole('button', { name: /^Details/ })
      .click();
    await page
      .getByRole('definition')
      .filter({ hasText: new RegExp(`^fault-${DEMO_ORG}-\\d+$`) })
      .waitFor();
  });
});
