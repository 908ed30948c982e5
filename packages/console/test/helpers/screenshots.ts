import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** docs/images/: the screenshots docs/console.md shows are the ones the browser tests take. */
const IMAGES = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(IMAGES, { recursive: true });
  await page.screenshot({ path: `${IMAGES}console-${name}.png`, fullPage: false });
}
