import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';
import { expectNoSeriousAxeViolations } from './axe.ts';

const PRODUCT = 'my-product';
const SESSION = 'user-session';
const USERS = `/products/${PRODUCT}/sessions/${SESSION}/users`;

interface CatalogProduct {
  tag: string;
  envs: string[];
  sessions: { tag: string; users: Record<string, number> }[];
}

async function sessionCounts(page: Page): Promise<Record<string, number>> {
  const response = await page.request.get('/api/catalog');
  expect(response.ok()).toBe(true);
  const catalog = (await response.json()) as { products: CatalogProduct[] };
  const product = catalog.products.find((candidate) => candidate.tag === PRODUCT);
  const session = product?.sessions.find((candidate) => candidate.tag === SESSION);
  if (!session) throw new Error('demo data lacks my-product / user-session');
  return session.users;
}

const usersTable = (page: Page) => page.getByRole('table', { name: 'Users' });
const bodyRows = (page: Page) => usersTable(page).locator('tbody tr');
const formatCount = (count: number) => `${new Intl.NumberFormat('en-US').format(count)} users`;

/** The table shows settled rows: not the skeleton, not the previous page kept while loading. */
async function settled(page: Page): Promise<Locator> {
  const table = usersTable(page);
  await expect(table).toHaveAttribute('aria-busy', 'false');
  return table;
}

async function identifiers(page: Page): Promise<string[]> {
  await settled(page);
  return bodyRows(page).locator('td:first-child a').allTextContents();
}

test.describe('users page', () => {
  test('logging in by link lands on the first product’s first session', async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`/?token=${E2E_TOKEN}`);
    await expect(page).toHaveURL(/\/products\/[^/]+\/sessions\/[^/]+\/users$/);
    await settled(page);
    await expect(bodyRows(page).first()).toBeVisible();
    const catalog = (await (await page.request.get('/api/catalog')).json()) as { products: CatalogProduct[] };
    const first = catalog.products[0];
    expect(page.url()).toContain(`/products/${first?.tag}/sessions/${first?.sessions[0]?.tag}/users`);
    await context.close();
  });

  test('the environment filter shows only that environment, with the catalog’s total', async ({ page }) => {
    const counts = await sessionCounts(page);
    await page.goto(USERS);
    await settled(page);
    const filter = page.getByRole('combobox', { name: 'Environment' });
    await expect(filter.getByRole('option', { name: /All environments/ })).toHaveCount(1);
    const all = Object.values(counts).reduce((sum, count) => sum + count, 0);
    await expect(page.getByTestId('pagination-total')).toHaveText(formatCount(all));

    await filter.selectOption('staging');
    await expect(page).toHaveURL(/\?env=staging$/);
    await settled(page);
    await expect(page.getByTestId('pagination-total')).toHaveText(formatCount(counts.staging ?? 0));
    const envs = await bodyRows(page)
      .locator('[data-env]')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-env')));
    expect(envs.length).toBe(20);
    expect(new Set(envs)).toEqual(new Set(['staging']));
  });

  test('next page shows different users; previous brings the first page back', async ({ page }) => {
    await page.goto(USERS);
    const first = await identifiers(page);
    expect(first).toHaveLength(20);
    await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/\?page=2$/);
    await expect(page.getByText(/^Page 2 of /)).toBeVisible();
    const second = await identifiers(page);
    expect(second).toHaveLength(20);
    expect(second.filter((identifier) => first.includes(identifier))).toEqual([]);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
    expect(await identifiers(page)).toEqual(first);
  });

  test('Shift+Tab from the page buttons reaches the rows on screen, never the next page built ahead', async ({
    page,
  }) => {
    await page.goto(USERS);
    await settled(page);
    // The pointer stays on the page buttons, where the next page is readied to show at once.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/\?page=2$/);
    const shown = await identifiers(page);
    for (let step = 0; step < 10; step += 1) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(() => document.activeElement?.closest('table') !== null)) break;
    }
    const focusedRow = usersTable(page).locator('tbody tr', { has: page.locator(':focus') });
    await expect(focusedRow).toHaveCount(1);
    await expect(focusedRow.locator('td:first-child a')).toHaveText(shown.at(-1) ?? '');
  });

  test('rows stay in place across pages: a copied ID is not shown as copied on the next page’s row', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(USERS);
    await settled(page);
    const firstRow = bodyRows(page).first();
    await firstRow.getByRole('button', { name: 'Copy Ductape user ID' }).click();
    await expect(firstRow.getByRole('status')).toHaveText('Ductape user ID copied');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/\?page=2$/);
    await settled(page);
    await expect(bodyRows(page).first().getByRole('status')).toHaveText('');
  });

  test('a modified click on an identifier is the browser’s (new tab); a plain click opens the user here', async ({
    page,
    context,
  }) => {
    await page.goto(USERS);
    await settled(page);
    const link = bodyRows(page).first().locator('td:first-child a');
    const href = await link.getAttribute('href');
    const opened = context.waitForEvent('page');
    await link.click({ modifiers: ['ControlOrMeta'] });
    const tab = await opened;
    await tab.waitForLoadState();
    expect(`${new URL(tab.url()).pathname}${new URL(tab.url()).search}`).toBe(href);
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
    await link.click();
    await expect.poll(() => `${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(href);
    await page.getByRole('link', { name: 'Back to users' }).click();
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
  });

  test('rows per page changes the page size and returns to page 1', async ({ page }) => {
    await page.goto(`${USERS}?page=3`);
    await settled(page);
    await page.getByLabel('Rows per page').selectOption('50');
    await expect(page).toHaveURL(/\?limit=50$/);
    await expect(page.getByText(/^Page 1 of /)).toBeVisible();
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(50);
    await page.getByLabel('Rows per page').selectOption('10');
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(10);
    await expect(page).toHaveURL(/\?limit=10$/);
  });

  test('reload and Back restore exactly what was on screen', async ({ page }) => {
    await page.goto(`${USERS}?env=production&page=2&limit=10`);
    const before = await identifiers(page);
    await page.reload();
    expect(await identifiers(page)).toEqual(before);
    await expect(page.getByRole('combobox', { name: 'Environment' })).toHaveValue('production');
    await expect(page.getByLabel('Rows per page')).toHaveValue('10');

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=3/);
    const third = await identifiers(page);
    expect(third).not.toEqual(before);
    await page.goBack();
    await expect(page).toHaveURL(/\?env=production&page=2&limit=10$/);
    expect(await identifiers(page)).toEqual(before);
    await page.goForward();
    expect(await identifiers(page)).toEqual(third);
  });

  test('bad address values are corrected and explained, never a blank page', async ({ page }) => {
    await page.goto(`${USERS}?page=abc&limit=5000`);
    await expect(page).toHaveURL(/\?limit=100$/);
    await expect(page.getByRole('status').filter({ hasText: 'could not use' })).toContainText(
      '“abc” is not a page number',
    );
    await expect(page.getByRole('status').filter({ hasText: 'could not use' })).toContainText('100 are shown');
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(100);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'could not use' })).toHaveCount(0);
    await expect(page).toHaveURL(/\?limit=100$/);

    await page.goto(`${USERS}?env=no-such-env`);
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
    await expect(page.getByText('There is no environment “no-such-env”')).toBeVisible();
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(20);

    await page.goto(`${USERS}?page=0&limit=-3`);
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(20);

    await page.goto(`${USERS}?env=staging&page=999999`);
    await expect(page.getByText('Page 999,999 is past the end')).toBeVisible();
    await page.getByRole('button', { name: /Go to the last page/ }).click();
    await expect(page).toHaveURL(/\?env=staging&page=\d+$/);
    await settled(page);
    expect(await bodyRows(page).count()).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  test('the column menu shows and hides columns, remembers the choice, and resets', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    const created = usersTable(page).getByRole('columnheader', { name: 'Created' });
    await expect(created).toHaveCount(0);
    await page.getByRole('button', { name: /^Columns/ }).click();
    await expect(page.getByRole('checkbox', { name: 'Identifier' })).toBeDisabled();
    await page.getByRole('checkbox', { name: 'Created' }).check();
    await expect(created).toHaveCount(1);
    await page.reload();
    await settled(page);
    await expect(created).toHaveCount(1);
    await page.getByRole('button', { name: /^Columns/ }).click();
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await expect(created).toHaveCount(0);
    await page.reload();
    await settled(page);
    await expect(created).toHaveCount(0);
  });

  test('a superseded request is aborted, and its answer never reaches the screen', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    await page.route('**/api/products/*/sessions/*/users?env=sandbox*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue().catch(() => undefined);
    });
    const aborted = page.waitForEvent('requestfailed', (request) => request.url().includes('env=sandbox'));
    const filter = page.getByRole('combobox', { name: 'Environment' });
    await filter.selectOption('sandbox');
    await expect(usersTable(page)).toHaveAttribute('aria-busy', 'true'); // the previous rows stay, dimmed
    await filter.selectOption('staging');
    expect((await aborted).failure()?.errorText).toMatch(/ABORTED/);
    await settled(page);
    const envs = await bodyRows(page)
      .locator('[data-env]')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-env')));
    expect(new Set(envs)).toEqual(new Set(['staging']));
  });

  test('a failing API shows its message after retrying, and Retry recovers', async ({ page }) => {
    test.slow(); // three automatic retries with backoff come first
    let calls = 0;
    await page.route('**/api/products/*/sessions/*/users?*', async (route) => {
      calls += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'The store is being restarted.' } }),
      });
    });
    await page.goto(USERS);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load users' });
    await expect(alert).toContainText('The store is being restarted.', { timeout: 20_000 });
    expect(calls).toBeGreaterThanOrEqual(4);
    await page.unroute('**/api/products/*/sessions/*/users?*');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(20);
    await expect(alert).toHaveCount(0);
  });

  test('a changed server answer shows a clear error instead of a broken table', async ({ page }) => {
    await page.route('**/api/products/*/sessions/*/users?*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ rows: [] }) }),
    );
    await page.goto(USERS);
    await expect(page.getByRole('alert')).toContainText('did not match what this dashboard expects');
  });

  test('go to user: identifier, Ductape user ID, and a clear message when there is none', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: /Go to user/ });
    await expect(box).toBeFocused();
    await box.fill('user@example.com');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/users\/user%40example\.com\?env=production$/);

    const api = await page.request.get(`/api/products/${PRODUCT}/sessions/${SESSION}/users/user%40example.com`);
    const { ductape_user_id: id } = (await api.json()) as { ductape_user_id: string };
    await page.goto(USERS);
    await page.getByRole('searchbox', { name: /Go to user/ }).fill(id);
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect(page).toHaveURL(/\/users\/user%40example\.com\?env=production$/);

    await page.goto(USERS);
    await page.getByRole('searchbox', { name: /Go to user/ }).fill('nobody-at-all@example.invalid');
    await page.getByRole('searchbox', { name: /Go to user/ }).press('Enter');
    await expect(page.getByText('No user “nobody-at-all@example.invalid”')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));

    await page.goto(`/users/${encodeURIComponent(id)}`);
    await expect(page).toHaveURL(/\/users\/user%40example\.com\?env=production$/);
  });

  test('keyboard: Tab reaches the rows and Enter opens the user, already fetched on focus', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    const firstLink = bodyRows(page).first().getByRole('link');
    const name = (await firstLink.textContent()) ?? '';
    const detailsPath = `/users/${encodeURIComponent(name)}?`;
    const detailRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/') && request.url().includes(detailsPath)) detailRequests.push(request.url());
    });
    await page.getByRole('combobox', { name: 'Environment' }).focus();
    for (let step = 0; step < 10 && !(await firstLink.evaluate((link) => link === document.activeElement)); step += 1) {
      await page.keyboard.press('Tab');
    }
    await expect(firstLink).toBeFocused();
    await expect.poll(() => detailRequests.length).toBe(1); // focusing the row fetched the user's page ahead
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    expect(detailRequests).toHaveLength(1); // the user page read the prefetched answer
  });

  test('hovering a row prefetches that user, so their page needs no new request', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    const row = bodyRows(page).nth(3);
    const name = (await row.getByRole('link').textContent()) ?? '';
    const prefetch = page.waitForResponse((response) => response.url().includes(`/users/${encodeURIComponent(name)}?`));
    await row.locator('td').last().hover();
    await prefetch;
    let later = 0;
    page.on('request', (request) => {
      if (request.url().includes(`/api/products/`) && request.url().includes(encodeURIComponent(name))) later += 1;
    });
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    expect(later).toBe(0);
  });

  test('a hovered user’s page is built ahead, hidden; the click shows that page, and Back shows the list kept', async ({
    page,
  }) => {
    await page.goto(USERS);
    await settled(page);
    const link = bodyRows(page).nth(2).getByRole('link');
    const name = (await link.textContent()) ?? '';
    const heading = page.locator('h1', { hasText: name });
    await link.hover();
    // Built once its code and data are here: in the document, not displayed, not in the accessibility tree.
    await expect(heading).toHaveCount(1);
    await expect(heading).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
    await expect(page).toHaveTitle(`Users · ${PRODUCT} / ${SESSION}`);
    await heading.evaluate((element) => element.setAttribute('data-built-ahead', ''));
    const table = await usersTable(page).elementHandle();
    await table?.evaluate((element) => element.setAttribute('data-kept', ''));

    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    // The very element built ahead is the one shown; the list is kept, hidden, not shown nor exposed.
    await expect(page.getByRole('heading', { level: 1 })).toHaveAttribute('data-built-ahead', '');
    await expect(page).toHaveTitle(`${name} · ${PRODUCT} / ${SESSION}`);
    await expect(usersTable(page)).toHaveCount(0);
    await expectNoSeriousAxeViolations(page, 'user page with the list kept hidden');

    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`${USERS}$`));
    await expect(usersTable(page)).toHaveAttribute('data-kept', '');
    await expect(page).toHaveTitle(`Users · ${PRODUCT} / ${SESSION}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  });

  test('hard identifiers survive the trip to the user page', async ({ page }) => {
    for (const identifier of ['a+b/c@example.com', '<b>x</b>@example.com']) {
      await page.goto(USERS);
      const box = page.getByRole('searchbox', { name: /Go to user/ });
      await box.fill(identifier);
      await box.press('Enter');
      await expect(page).toHaveURL(`${USERS}/${encodeURIComponent(identifier)}?env=production`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(identifier);
    }
  });

  test('no serious or critical axe violations, light and dark', async ({ page }) => {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript((value) => localStorage.setItem('theme', value), theme);
      await page.goto(`${USERS}?env=staging`);
      await settled(page);
      await expectNoSeriousAxeViolations(page, theme);
    }
  });

  for (const width of [1280, 390]) {
    for (const theme of ['light', 'dark'] as const) {
      test(`screenshot ${theme} ${width}`, async ({ page }, testInfo) => {
        await page.setViewportSize({ width, height: 900 });
        await page.addInitScript((value) => localStorage.setItem('theme', value), theme);
        await page.goto(`${USERS}?limit=10`);
        await settled(page);
        await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
        // Nothing may overflow sideways: every column's data fits the width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const path = testInfo.outputPath(`users-${theme}-${width}.png`);
        await page.screenshot({ path, fullPage: true });
        await testInfo.attach(`users-${theme}-${width}`, { path, contentType: 'image/png' });
      });
    }
  }
});
