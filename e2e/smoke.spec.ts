import { expect, test } from '@playwright/test';
import { APP_PORTS } from '../playwright.config';

test('both app servers are up and share one database', async ({ request }) => {
  for (const port of APP_PORTS) {
    const response = await request.get(`http://127.0.0.1:${port}/api/health`);
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  }
});

test('a signed-out visitor of the home page lands on the sign-in form', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Curriculab' })).toBeVisible();
});
