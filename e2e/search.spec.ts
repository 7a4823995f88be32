import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './axe.ts';

const USERS = '/products/my-product/sessions/user-session/users';
const API = '/api/products/my-product/sessions/user-session/users';

const table = (page: Page) => page.getByRole('table', { name: 'Users' });
const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Search users' });

async function identifiers(page: Page): Promise<string[]> {
  await expect(table(page)).toHaveAttribute('aria-busy', 'false');
  return table(page).locator('tbody tr td:first-child a').allTextContents();
}

async function apiPage(page: Page, query: string): Promise<{ total: number; ids: string[] }> {
  const body = (await (await page.request.get(`${API}?${query}`)).json()) as {
    total: number;
    users: { identifier: string }[];
  };
  return { total: body.total, ids: body.users.map((user) => user.identifier) };
}

test.describe('search and sort', () => {
  test('typing searches (URL q), marks the match, survives reload, and Back returns', async ({ page }) => {
    await page.goto(USERS);
    await identifiers(page);
    await searchbox(page).click();
    await page.keyboard.type('EXAMPLE.COM');
    await expect(page).toHaveURL(/[?&]q=EXAMPLE\.COM/);
    const expected = await apiPage(page, 'q=EXAMPLE.COM');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(expected.ids);
    for (const id of expected.ids) expect(id.toLowerCase()).toContain('example.com');
    await expect(table(page).locator('mark').first()).toHaveText(/example\.com/i);
    await expect(searchbox(page)).toHaveValue('EXAMPLE.COM');

    await page.reload();
    await expect(searchbox(page)).toHaveValue('EXAMPLE.COM');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(expected.ids);

    await page.goBack();
    await expect(page).not.toHaveURL(/q=/);
    await expect(searchbox(page)).toHaveValue('');
  });

  test('search works with the environment filter and paging; No users match offers a way out', async ({ page }) => {
    await page.goto(`${USERS}?env=production&q=example`);
    const expected = await apiPage(page, 'env=production&q=example');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(expected.ids);
    // The total is the exact number of matches, and the page count follows it.
    const count = new Intl.NumberFormat('en-US');
    await expect(page.getByTestId('pagination-total')).toHaveText(`${count.format(expected.total)} users`);
    await expect(page.getByText(`Page 1 of ${count.format(Math.ceil(expected.total / 20))}`)).toBeVisible();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page).toHaveURL(/q=example/);
    await expect(page).toHaveURL(/env=production/);
    const second = await apiPage(page, 'env=production&q=example&page=2');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(second.ids);

    await searchbox(page).fill('zz-no-such-user-zz');
    await expect(page.getByText('No users match')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Clear search' }).last().click();
    await expect(page).not.toHaveURL(/q=/);
    await expect(page).toHaveURL(/env=production/);
    await expect(searchbox(page)).toHaveValue('');
  });

  test('the Last seen and First seen headers sort the table (URL sort), by keyboard too', async ({ page }) => {
    await page.goto(USERS);
    await identifiers(page);
    await page.getByRole('button', { name: 'First seen' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=first_seen/);
    const expected = await apiPage(page, 'sort=first_seen');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(expected.ids);
    await expect(page.getByRole('columnheader', { name: 'First seen' })).toHaveAttribute('aria-sort', 'descending');
    await page.getByRole('button', { name: 'Last seen' }).click();
    await expect(page).not.toHaveURL(/sort=/);
    const plain = await apiPage(page, '');
    await expect.poll(() => identifiers(page), { timeout: 30_000 }).toEqual(plain.ids);
  });

  test('screenshots and axe, light and dark, 1280 and 390 px', async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      for (const dark of [false, true]) {
        await page.goto(`${USERS}?q=example`);
        await identifiers(page);
        if (dark) await page.evaluate(() => document.documentElement.classList.add('dark'));
        await expectNoSeriousAxeViolations(page, `search ${width} ${dark ? 'dark' : 'light'}`);
        // Saved with the run's results and attached to the report, to be looked at (not compared).
        const file = testInfo.outputPath(`search-${width}-${dark ? 'dark' : 'light'}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(`search ${width} px ${dark ? 'dark' : 'light'}`, {
          path: file,
          contentType: 'image/png',
        });
      }
    }
  });
});
