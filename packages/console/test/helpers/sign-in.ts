import type { Page } from 'playwright-core';

/** Signs a user in through the console's own form and waits for the queue. */
export async function signIn(page: Page, consoleUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My open' }).waitFor();
}
