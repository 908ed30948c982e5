import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, see .ci/run); no browser is downloaded by npm. */
export const CHROMIUM = process.env.DESKWIRE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, deterministic headless Chromium that talks to nothing but the server under test. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a page did that a test may need to assert never happened. */
export interface PageWatch {
  /** Messages the page logged at error level (CSP refusals show up here too), HTTP error statuses aside. */
  consoleErrors: string[];
  /**
   * Chromium's "Failed to load resource: … status of 401" lines: an API answering 401 (signed out) or 404 is
   * the app's business, not a page error.
   */
  failedLoads: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** alert/confirm/prompt dialogs opened (dismissed at once). */
  dialogs: string[];
  /** Requests to any origin other than the server under test. */
  foreignRequests: string[];
}

export interface TestBrowser {
  context: BrowserContext;
  /** One page reused by a test file's tests (a fresh page per test costs more than the test). */
  page: Page;
  watch: PageWatch;
  close: () => Promise<void>;
}

/**
 * One Chromium per test file, with a fresh profile (--user-data-dir in a temp directory) and a 1280px
 * wide window (a laptop). `origin` is the server under test: requests elsewhere are recorded and aborted.
 */
export async function launchBrowser(origin: string): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'deskwire-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const watch: PageWatch = { consoleErrors: [], failedLoads: [], pageErrors: [], dialogs: [], foreignRequests: [] };
  await context.route(
    (url) =>
      url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:' && url.href !== 'about:srcdoc',
    async (route) => {
      watch.foreignRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of \d{3}/.test(text))
      watch.failedLoads.push(text);
    else watch.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    watch,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
