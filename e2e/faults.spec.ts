import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Page, Route } from '@playwright/test';
import Papa from 'papaparse';
import { E2E_TOKEN } from '../playwright.config.ts';
import {
  PRODUCT,
  USERS,
  apiUsers,
  bodyRows,
  collectDialogs,
  continueIfWanted,
  countDocumentLoads,
  environmentFilter,
  expectSameDocument,
  formatUsers,
  fulfillError,
  holdBack,
  identifiersOnScreen,
  isApi,
  isUserDetails,
  isUsersList,
  markDocument,
  requestSettled,
  rowEnvironments,
  rowLinks,
  sessionHistory,
  settled,
  userUrl,
  usersTable,
} from './fault-helpers.ts';

/*
 * The browser half of fault hardening: the API is made to fail with page.route in these tests
 * only, and the page must say what went wrong, offer Retry, and recover without a reload.
 * Automatic retries (src/app/query-client.ts) are 3, after 500, 1000 and 2000 ms: about 3.5 s
 * before an error panel shows.
 */

// Each test makes its own faults in its own page: they may share the workers.
test.describe.configure({ mode: 'parallel' });

const ERROR_PANEL_TIMEOUT = 15_000;
const usersError = (page: Page) => page.getByRole('alert').filter({ hasText: 'Could not load users' });
const userError = (page: Page) => page.getByRole('alert').filter({ hasText: 'Could not load this user' });

test.describe('faults in the browser', () => {
  test('an unreachable API shows an error panel with Retry, never a blank page; Retry recovers', async ({ page }) => {
    await page.route(isApi, (route) => route.abort('connectionrefused'));
    await page.goto(USERS);
    const panel = usersError(page);
    await expect(panel).toContainText('Could not reach the server', { timeout: ERROR_PANEL_TIMEOUT });
    await expect(panel.getByRole('button', { name: 'Retry' })).toBeEnabled();
    // The page around it is still there: heading, environment filter, header.
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await expect(environmentFilter(page)).toBeVisible();

    await page.unroute(isApi);
    await panel.getByRole('button', { name: 'Retry' }).click();
    await settled(page);
    await expect(rowLinks(page)).toHaveCount(20);
    await expect(panel).toHaveCount(0);
    // Everything the page needs came back, the environments (from the catalog) too.
    await expect(environmentFilter(page).locator('option[value="staging"]')).toHaveCount(1);
    await environmentFilter(page).selectOption('staging');
    await settled(page);
    expect(new Set(await rowEnvironments(page))).toEqual(new Set(['staging']));
  });

  test('500s are retried with growing backoff while loading shows, then the error panel; Retry recovers', async ({
    page,
  }) => {
    const attempts: number[] = [];
    const failing = async (route: Route) => {
      attempts.push(Date.now());
      await fulfillError(route, 500, 'INTERNAL_ERROR', 'The store had a hiccup.');
    };
    await page.route(isUsersList, failing);
    await page.goto(USERS);

    const panel = usersError(page);
    await expect.poll(() => attempts.length, { intervals: [50] }).toBeGreaterThanOrEqual(2);
    // Between attempts the person sees the page loading, not an error.
    await expect(usersTable(page)).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByRole('status').filter({ hasText: 'Loading users…' })).toBeAttached();
    await expect(panel).toHaveCount(0);
    await expect.poll(() => attempts.length, { intervals: [50] }).toBeGreaterThanOrEqual(3);

    await expect(panel).toContainText('The store had a hiccup.', { timeout: ERROR_PANEL_TIMEOUT });
    expect(attempts).toHaveLength(4); // the first try and 3 retries
    // Backoff of 500, 1000 and 2000 ms: a busy machine only makes the gaps longer, never shorter.
    const gaps = attempts.slice(1).map((time, index) => time - (attempts[index] ?? time));
    expect(gaps[0]).toBeGreaterThanOrEqual(400);
    expect(gaps[1]).toBeGreaterThanOrEqual(900);
    expect(gaps[2]).toBeGreaterThanOrEqual(1_900);

    await page.unroute(isUsersList, failing);
    await panel.getByRole('button', { name: 'Retry' }).click();
    await settled(page);
    await expect(rowLinks(page)).toHaveCount(20);
    await expect(panel).toHaveCount(0);
  });

  test('intermittent 500s heal through the automatic retries, with no error shown', async ({ page }) => {
    let failures = 0;
    await page.route(isUsersList, async (route) => {
      if (failures < 2) {
        failures += 1;
        await fulfillError(route, 503, 'SERVICE_UNAVAILABLE', 'Busy, try again.');
      } else {
        await continueIfWanted(route);
      }
    });
    const expected = await apiUsers(page);
    await page.goto(USERS);
    expect(await identifiersOnScreen(page)).toEqual(expected.users.map((user) => user.identifier));
    expect(failures).toBe(2);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('a slow answer shows the skeleton, and when it lands late it does not replace a newer environment', async ({
    page,
  }) => {
    const production = await apiUsers(page, { env: 'production' });
    const isSlow = (url: URL) => isUsersList(url) && url.searchParams.get('env') === 'staging';
    const slow = await holdBack(page, isSlow);
    const slowDone = requestSettled(page, isSlow);
    await page.goto(`${USERS}?env=staging`);
    await expect(usersTable(page)).toHaveAttribute('aria-busy', 'true');
    await expect(usersTable(page).locator('tbody .animate-pulse').first()).toBeVisible();
    await expect(rowLinks(page)).toHaveCount(0);

    // The person changes their mind before the staging answer comes.
    await environmentFilter(page).selectOption('production');
    await expect(page).toHaveURL(`${USERS}?env=production`);
    await settled(page);
    // However the staging request ends (the page aborts it, or its answer arrives), it changes nothing.
    slow.release();
    await slowDone;
    await nextFrames(page);

    await expect(page).toHaveURL(`${USERS}?env=production`);
    await expect(environmentFilter(page)).toHaveValue('production');
    expect(await identifiersOnScreen(page)).toEqual(production.users.map((user) => user.identifier));
    expect(new Set(await rowEnvironments(page))).toEqual(new Set(['production']));
    await expect(page.getByTestId('pagination-total')).toHaveText(formatUsers(production.total));
  });

  test('a slow page answer landing after the person moved on does not replace the newer page', async ({ page }) => {
    const third = await apiUsers(page, { page: 3 });
    const isSlow = (url: URL) => isUsersList(url) && url.searchParams.get('page') === '2';
    const slow = await holdBack(page, isSlow);
    const slowDone = requestSettled(page, isSlow);
    await page.goto(USERS);
    await settled(page);

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(`${USERS}?page=2`);
    await expect(usersTable(page)).toHaveAttribute('aria-busy', 'true'); // page 1 stays, dimmed, while 2 loads
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(`${USERS}?page=3`);
    await settled(page);
    slow.release();
    await slowDone;
    await nextFrames(page);

    await expect(page).toHaveURL(`${USERS}?page=3`);
    await expect(page.getByTestId('pagination-page')).toHaveText(/^Page 3 of /);
    expect(await identifiersOnScreen(page)).toEqual(third.users.map((user) => user.identifier));
  });

  test('a session ended mid-use leads to the login page, and logging in returns to the exact view', async ({
    page,
    context,
  }) => {
    const prefetched = requestSettled(page, (url) => isUsersList(url) && url.searchParams.get('page') === '3');
    await page.goto(`${USERS}?env=staging&page=2&limit=10`);
    await settled(page);
    await prefetched; // the next page, fetched ahead, is in before the session ends
    // And every other request of the page (the newer-users check starts after the first paint):
    // one still out when the cookie goes would be the one that meets the 401.
    await page.waitForLoadState('networkidle');
    await context.clearCookies(); // the server no longer knows this browser
    await environmentFilter(page).selectOption('production'); // a new request: 401
    const view = `${USERS}?env=production&limit=10`;

    await expect(page).toHaveURL(/\/login\?/);
    const login = new URL(page.url());
    expect(login.searchParams.get('next')).toBe(view);
    expect(login.searchParams.get('reason')).toBe('expired');
    await expect(page.getByText('Your session has ended')).toBeVisible();

    await page.getByLabel('Admin token').fill(E2E_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(view);
    await settled(page);
    await expect(bodyRows(page)).toHaveCount(10);
    expect(new Set(await rowEnvironments(page))).toEqual(new Set(['production']));
    await expect(environmentFilter(page)).toHaveValue('production');
  });

  test('a revoked token on a user page returns there after logging in, hard identifier and all', async ({ page }) => {
    const identifier = 'a+b/c@example.com';
    const view = userUrl(identifier, 'staging');
    await page.route(isUserDetails, (route) => fulfillError(route, 401, 'UNAUTHORIZED', 'The token was revoked.'), {
      times: 1,
    });
    await page.goto(view);

    await expect(page).toHaveURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(view);
    await page.getByLabel('Admin token').fill(E2E_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(view);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(identifier);
    await expect(sessionHistory(page).getByRole('listitem').first()).toBeVisible();
  });

  test('a server restart mid-use: refused for a while, then Retry recovers without a reload', async ({ page }) => {
    await page.goto(USERS);
    await settled(page);
    const mark = await markDocument(page);
    const loads = countDocumentLoads(page);
    let refused = 0;
    const down = async (route: Route) => {
      refused += 1;
      await route.abort('connectionrefused');
    };
    await page.route(isApi, down);

    await environmentFilter(page).selectOption('staging');
    const panel = usersError(page);
    const retry = panel.getByRole('button', { name: 'Retry' });
    await expect(panel).toContainText('Could not reach the server', { timeout: ERROR_PANEL_TIMEOUT });
    expect(refused).toBeGreaterThanOrEqual(4);
    // Retry while the server is still down: the page loads again (with its own retries), then says so again.
    const before = refused;
    await retry.click();
    await expect(page.getByRole('status').filter({ hasText: 'Loading users…' })).toBeAttached();
    await expect(panel).toContainText('Could not reach the server', { timeout: ERROR_PANEL_TIMEOUT });
    expect(refused - before).toBeGreaterThanOrEqual(4);

    // The server is back.
    await page.unroute(isApi, down);
    await retry.click();
    await settled(page);
    await expect(panel).toHaveCount(0);
    await expect(page).toHaveURL(`${USERS}?env=staging`);
    expect(new Set(await rowEnvironments(page))).toEqual(new Set(['staging']));
    await expectSameDocument(page, mark);
    expect(loads()).toBe(0);
  });

  test('the user page shows an error panel with Retry when its API fails, and Retry recovers', async ({ page }) => {
    const identifier = 'user@example.com';
    await page.route(isUserDetails, (route) => route.abort('failed'));
    await page.goto(userUrl(identifier, 'production'));
    const panel = userError(page);
    await expect(panel).toContainText('Could not reach the server', { timeout: ERROR_PANEL_TIMEOUT });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(identifier);

    await page.unroute(isUserDetails);
    await panel.getByRole('button', { name: 'Retry' }).click();
    await expect(sessionHistory(page).getByRole('listitem').first()).toBeVisible();
    await expect(panel).toHaveCount(0);
    await expect(page.getByText('Total sessions')).toBeVisible();
  });

  test('with the whole API away, Retry on the user page brings back the page and its header', async ({ page }) => {
    const identifier = '用户@例子.测试';
    await page.route(isApi, (route) => route.abort('connectionrefused'));
    await page.goto(userUrl(identifier));
    const panel = userError(page);
    await expect(panel).toContainText('Could not reach the server', { timeout: ERROR_PANEL_TIMEOUT });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(identifier);

    await page.unroute(isApi);
    await panel.getByRole('button', { name: 'Retry' }).click();
    await expect(sessionHistory(page).getByRole('listitem').first()).toBeVisible();
    // The header's product and session pickers (from the catalog) recovered with the page.
    await expect(page.getByRole('combobox', { name: 'Product' })).toHaveValue(PRODUCT);
    await expect(page.getByRole('combobox', { name: 'Product' })).toBeEnabled();
    await expect(page.getByRole('button', { name: /Catalog failed to load/ })).toHaveCount(0);
  });
});

/** From server/demo/showcase.ts: identifiers that break naive escaping, encoding or spreadsheets. */
const HOSTILE_IDENTIFIERS = [
  '<b>x</b>@example.com',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '+1-555-0100',
  '@sum',
  'a+b/c@example.com',
  '用户@例子.测试',
  'مستخدم@مثال.إختبار',
  `o'brien "the admin"@example.com`,
  '100%real@example.com',
  'what?#frag&x=1@example.com',
];

/** What a spreadsheet-safe CSV holds for a value: formula-looking text gets a leading '. */
const csvCell = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);

test.describe('hostile identifiers', () => {
  for (const identifier of HOSTILE_IDENTIFIERS) {
    test(`${JSON.stringify(identifier)} renders as text, runs nothing, and exports as an inert CSV cell`, async ({
      page,
    }) => {
      const dialogs = collectDialogs(page);
      await page.goto(userUrl(identifier));
      const heading = page.getByRole('heading', { level: 1 });
      await expect(sessionHistory(page).getByRole('listitem').first()).toBeVisible();
      expect(await heading.textContent()).toBe(identifier);
      expect(await heading.evaluate((element) => element.children.length)).toBe(0); // no <b>, no <script>
      expect(
        await page.evaluate(() =>
          [...document.querySelectorAll('script')].some((script) => script.textContent.includes('alert(1)')),
        ),
      ).toBe(false);

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const text = await readFile(await (await download).path(), 'utf8');
      const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(rows.errors).toEqual([]);
      expect(rows.data.length).toBeGreaterThan(0);
      expect(new Set(rows.data.map((row) => row.identifier))).toEqual(new Set([csvCell(identifier)]));
      // No cell anywhere in the file starts a live formula (quoted cells start with ").
      expect(text.replace(/^\uFEFF/, '')).not.toMatch(/(^|,)[=+\-@]/m);
      expect(dialogs).toEqual([]);
    });
  }
});

/** Lets the page handle whatever just arrived (two animation frames) before asserting it did not change. */
async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
