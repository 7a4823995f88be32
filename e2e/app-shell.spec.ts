import { test, expect } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';

test.describe('access and app shell', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('logging in by link strips the token and shows the app shell', async ({ page }) => {
    await page.goto(`/?token=${E2E_TOKEN}`);
    await expect(page).not.toHaveURL(/token=/);
    await expect(page.getByRole('banner')).toContainText('Session users');
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('button', { name: /Switch to (dark|light) theme/ })).toBeVisible();
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'dashboard_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toContain(E2E_TOKEN);
  });

  test('a wrong token gets a clear message and no access', async ({ page }) => {
    await page.goto('/?token=not-the-token');
    await expect(page).not.toHaveURL(/token=not-the-token/);
    await expect(page.getByRole('alert')).toContainText('not valid');
    const health = await page.request.get('/api/catalog');
    expect(health.status()).toBe(401);
  });

  test('the login page takes the token and returns to where the person was going', async ({ page }) => {
    await page.goto('/login?next=%2Fproducts%2Fmy-product%2Fsessions%2Fuser-session%2Fusers');
    await page.getByLabel('Admin token').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('not valid');
    await page.getByLabel('Admin token').fill(E2E_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/products\/my-product\/sessions\/user-session\/users$/);
  });

  test('a return address that would leave the site is refused, and login still goes on', async ({ page }) => {
    for (const next of ['//evil.example', '/%09/evil.example', 'https://evil.example']) {
      await page.context().clearCookies();
      await page.goto(`/login?next=${next}`);
      await page.getByLabel('Admin token').fill(E2E_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/products\/[^/]+\/sessions\/[^/]+\/users$/);
    }
  });

  test('the theme toggle switches dark mode and remembers it', async ({ page }) => {
    await page.goto(`/?token=${E2E_TOKEN}`);
    const html = page.locator('html');
    const toggle = page.getByRole('button', { name: /Switch to (dark|light) theme/ });
    const wasDark = await html.evaluate((el) => el.classList.contains('dark'));
    await toggle.click();
    await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
    await page.reload();
    expect(await html.evaluate((el) => el.classList.contains('dark'))).toBe(!wasDark);
  });
});
