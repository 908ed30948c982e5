import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeViolations, seriousViolations } from './helpers/axe.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { type ConsoleServer, startConsoleServer } from './helpers/console-server.js';

// The console as `deskwire serve` ships it, in Debian's Chromium: it loads under its strict CSP without
// a refusal or an error, routes deep links, and passes axe.
describe('the console in Chromium', () => {
  let server: ConsoleServer;
  let browser: TestBrowser;

  before(async () => {
    server = await startConsoleServer();
    browser = await launchBrowser(server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('`deskwire serve` prints the console address', () => {
    assert.match(server.stdout(), new RegExp(`^Agent console at ${server.consoleUrl.replace(/[.]/g, '\\.')}$`, 'm'));
  });

  test('the console loads under its Content-Security-Policy with no refusal, error or outside request', async () => {
    const { page, watch } = browser;
    const response = await page.goto(server.consoleUrl);
    assert.equal(response?.status(), 200);
    assert.match(String(response?.headers()['content-security-policy']), /script-src 'self'/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByRole('banner').getByText('Deskwire').count(), 1);
    assert.deepEqual(watch.consoleErrors, []);
    assert.deepEqual(watch.pageErrors, []);
    assert.deepEqual(watch.foreignRequests, []);
  });

  test('the page has 0 serious or critical axe violations', async () => {
    const violations = await seriousViolations(browser.page);
    assert.deepEqual(violations, [], describeViolations(violations));
  });

  test('a deep link (/console/tickets/143) is the app, not a 404 (SPA fallback)', async () => {
    const { page, watch } = browser;
    const response = await page.goto(`${server.consoleUrl}tickets/143`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(watch.pageErrors, []);
  });

  test('an inline script injected into the page is refused by the CSP', async () => {
    const { page, watch } = browser;
    await page.goto(server.consoleUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const before = watch.consoleErrors.length;
    // The page itself adds an inline <script> (what an injection would do); the canary must stay unset.
    await page.evaluate(`
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
    `);
    assert.equal(await page.evaluate('window.__inlineRan === true'), false);
    assert.ok(
      watch.consoleErrors.slice(before).some((m) => /Content Security Policy/i.test(m)),
      'Chromium reports the CSP refusal',
    );
  });

  test('hashed assets load with a one-year immutable cache header', async () => {
    const { page } = browser;
    const scripts = (await page.evaluate(
      `[...document.querySelectorAll('script[src]')].map((s) => s.src)`,
    )) as string[];
    assert.ok(scripts.length > 0);
    for (const src of scripts) {
      assert.match(src, /\/console\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.js$/);
      const response = await fetch(src);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    }
  });
});

describe('deskwire serve --no-console', () => {
  test('does not serve the console or print its address', async () => {
    const server = await startConsoleServer(['--no-console']);
    try {
      assert.doesNotMatch(server.stdout(), /Agent console/);
      const response = await fetch(server.consoleUrl);
      assert.equal(response.status, 404);
    } finally {
      await server.close();
    }
  });
});
