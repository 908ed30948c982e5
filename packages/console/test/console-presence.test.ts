import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { callJson, DEMO_ORG, type DeskServer, startDeskServer } from './helpers/desk-server.js';
import { screenshot } from './helpers/screenshots.js';
import { signIn } from './helpers/sign-in.js';

// Issue 20's "a warning when someone else is replying", in Debian's Chromium: two agents, each in a browser
// of their own, on #143. When B starts writing a reply, A sees "B is replying" (role=status); when B leaves
// the ticket, the warning goes. Presence travels over /api/v1 (PUT/GET/DELETE …/tickets/143/presence).

const AGENT_A = { name: 'Asha Rao', email: 'asha@edu101.example', password: 'a long password for asha' };
const AGENT_B = { name: 'Bilal Khan', email: 'bilal@edu101.example', password: 'a long password for bilal' };
const WAIT_MS = 10_000;

describe('agent console: someone else is replying (issue 20)', () => {
  let server: DeskServer;
  let a: TestBrowser;
  let b: TestBrowser;

  before(async () => {
    server = await startDeskServer();
    for (const user of [AGENT_A, AGENT_B]) {
      const created = await callJson(server, 'POST', `/api/v1/tenants/${DEMO_ORG}/users`, { ...user, role: 'Agent' });
      assert.equal(created.status, 201, JSON.stringify(created.json));
    }
    a = await launchBrowser(server.url);
    b = await launchBrowser(server.url);
    await signIn(a.page, server.consoleUrl, AGENT_A);
    await signIn(b.page, server.consoleUrl, AGENT_B);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await server?.close();
  });

  const othersOf = (browser: TestBrowser) => browser.page.getByRole('status', { name: 'Others on this ticket' });

  test('both on #143: each sees the other viewing', async () => {
    for (const browser of [a, b]) {
      await browser.page.goto(`${server.consoleUrl}tickets/143`);
      await browser.page.getByRole('heading', { level: 2, name: 'Conversation' }).waitFor();
    }
    await othersOf(a).getByText(`Also viewing: ${AGENT_B.name}`).waitFor({ timeout: WAIT_MS });
    await othersOf(b).getByText(`Also viewing: ${AGENT_A.name}`).waitFor({ timeout: WAIT_MS });
  });

  test('B starts typing a reply: A sees "Bilal Khan is replying", axe-clean', async () => {
    await b.page.getByLabel('Message').click();
    await b.page.getByLabel('Message').pressSequentially('Hello, looking into it', { delay: 10 });
    await othersOf(a).getByText(`${AGENT_B.name} is replying`).waitFor({ timeout: WAIT_MS });
    assert.equal(await othersOf(b).getByText('is replying').count(), 0, 'A is only viewing');
    const violations = await seriousViolations(a.page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await othersOf(a).scrollIntoViewIfNeeded();
    await screenshot(a.page, 'presence');
  });

  test('B leaves the ticket: the warning goes away', async () => {
    await b.page.getByLabel('Message').fill('');
    await b.page.getByRole('link', { name: '← Queue' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
    await othersOf(a).getByText('is replying').waitFor({ state: 'detached', timeout: WAIT_MS });
    await othersOf(a).getByText('Also viewing').waitFor({ state: 'detached', timeout: WAIT_MS });
    const left = await callJson(server, 'GET', `/api/v1/tenants/${DEMO_ORG}/tickets/143/presence`);
    const names = (left.json as { agents: Array<{ name: string }> }).agents.map((agent) => agent.name);
    assert.deepEqual(names, [AGENT_A.name], 'the server lists A alone (the demo keys are the demo Admin)');
  });
});
