import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './axe.ts';

const OVERVIEW = '/products/my-product/sessions/user-session/overview';
const API = '/api/products/my-product/sessions/user-session/overview';
const number = new Intl.NumberFormat('en-US');

interface Overview {
  users: number;
  active_sessions: number;
  new_users: Record<'24h' | '7d' | '30d', number>;
  seen_users: Record<'24h' | '7d' | '30d', number>;
  daily: { date: string; sessions_started: number; new_users: number; users_seen: number }[];
}

async function api(page: Page, query = ''): Promise<Overview> {
  return (await (await page.request.get(`${API}${query}`)).json()) as Overview;
}

const figure = (page: Page, label: string) =>
  page
    .getByRole('list', { name: 'Figures' })
    .getByRole('link', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')} [\\d,]+$`) });

test.describe('overview', () => {
  test('the figures equal the API’s, with and without an environment', async ({ page }) => {
    for (const query of ['', '?env=production']) {
      await page.goto(`${OVERVIEW}${query}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      const expected = await api(page, query);
      await expect(figure(page, 'Users')).toContainText(number.format(expected.users));
      await expect(figure(page, 'Active sessions')).toContainText(number.format(expected.active_sessions));
      await expect(figure(page, 'New users (7 days)')).toContainText(number.format(expected.new_users['7d']));
      await expect(figure(page, 'Seen (7 days)')).toContainText(number.format(expected.seen_users['7d']));
      await expect(figure(page, 'New users (24 hours)')).toContainText(number.format(expected.new_users['24h']));
      await expect(figure(page, 'Seen (30 days)')).toContainText(number.format(expected.seen_users['30d']));
    }
  });

  test('the chart’s text alternative lists every day with the API’s numbers; 90 days; keyboard', async ({ page }) => {
    await page.goto(OVERVIEW);
    const table = page.getByRole('table', { name: 'Sessions per day' });
    const expected = await api(page);
    await expect(table.locator('tbody tr')).toHaveCount(30);
    const newest = expected.daily.at(-1);
    const firstRow = table.locator('tbody tr').first();
    await expect(firstRow.getByRole('rowheader')).toHaveText(newest?.date ?? '');
    await expect(firstRow).toContainText(number.format(newest?.sessions_started ?? 0));
    await page.getByRole('button', { name: '90 days' }).click();
    await expect(page).toHaveURL(/days=90/);
    await expect(table.locator('tbody tr')).toHaveCount(90);
    await page.getByRole('img', { name: /Sessions started, new users and users seen per day/ }).focus();
    await page.keyboard.press('End');
    await expect(page.getByRole('status').filter({ hasText: 'Sessions started:' })).toContainText(
      number.format(newest?.sessions_started ?? 0),
    );
  });

  test('figures link into the users table filtered and sorted; header and users page link here', async ({ page }) => {
    await page.goto(`${OVERVIEW}?env=staging`);
    await figure(page, 'New users (7 days)').click();
    await expect(page).toHaveURL(/\/users\?env=staging&sort=first_seen$/);
    await expect(page.getByRole('columnheader', { name: 'First seen' })).toHaveAttribute('aria-sort', 'descending');
    await page.getByRole('link', { name: 'Overview of this session →' }).click();
    await expect(page).toHaveURL(/\/overview\?env=staging$/);
    const nav = page.getByRole('navigation', { name: 'Product and session' });
    await nav.getByRole('link', { name: 'Users', exact: true }).click();
    await expect(page).toHaveURL(/\/users\?env=staging$/);
    await nav.getByRole('link', { name: 'Overview', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });

  test('screenshots and axe, light and dark, 1280 and 390 px', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const dark of [false, true]) {
        await page.goto(OVERVIEW);
        await expect(page.getByRole('table', { name: 'Sessions per day' })).toBeVisible();
        await expect(page.getByRole('img', { name: /Sessions started/ })).toBeVisible();
        if (dark) await page.evaluate(() => document.documentElement.classList.add('dark'));
        await expectNoSeriousAxeViolations(page, `overview ${width} ${dark ? 'dark' : 'light'}`);
        // Saved with the run's results and attached to the report, to be looked at (not compared).
        const file = testInfo.outputPath(`overview-${width}-${dark ? 'dark' : 'light'}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(`overview ${width} px ${dark ? 'dark' : 'light'}`, {
          path: file,
          contentType: 'image/png',
        });
      }
    }
  });
});
