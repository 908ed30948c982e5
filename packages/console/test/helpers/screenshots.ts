import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * Where the browser tests put their screenshots: docs/images/ (the ones docs/console.md shows) when
 * `DESKWIRE_SCREENSHOTS=docs`, so that refreshing the docs is a deliberate step and a plain test run
 * leaves the checkout clean; otherwise a folder under the system's temporary directory.
 */
const IMAGES =
  process.env.DESKWIRE_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../../../../docs/images/', import.meta.url))
    : join(tmpdir(), 'deskwire-console-screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, `console-${name}.png`), fullPage: false });
}
