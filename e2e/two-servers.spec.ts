import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { E2E_INGEST_TOKEN, E2E_PG_SECOND_URL, E2E_TOKEN } from '../playwright.config.ts';

/*
 * Many servers, one database (issue 11 item 5), in the PostgreSQL project only: two server
 * processes share one PostgreSQL database. A page open on one server keeps itself current with
 * batches ingested through the other (the pages poll with ETag; each server follows the data
 * version kept in the database). Writes go to payments-hub, which no other spec of the project reads.
 */
const PRODUCT = 'payments-hub';
const SESSION = 'user-session';
const USERS = `/products/${PRODUCT}/sessions/${SESSION}/users`;
/** The page asks every 5 s; allow one interval, the request and a render on a busy machine. */
const WITHIN_AN_INTERVAL = 7_000;

const rowLinks = (page: Page) => page.getByRole('table', { name: 'Users' }).locator('tbody tr td:first-child a');
const history = (page: Page) => page.getByRole('list', { name: 'Session history' });

let serial = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${(serial += 1)}@two-servers.example.com`;

/** Sends one session (active for an hour, seen now) through the ingest API of the server at `base`. */
async function ingestThrough(page: Page, base: string, identifier: string, sessionId = `${identifier}-s`) {
  const now = Date.now();
  const response = await page.request.post(`${base}/api/ingest/sessions`, {
    headers: { Authorization: `Bearer ${E2E_INGEST_TOKEN}` },
    data: {
      records: [
        {
          product: PRODUCT,
          session: SESSION,
          env: 'production',
          identifier,
          session_id: sessionId,
          start_at: new Date(now - 60_000).toISOString(),
          end_at: new Date(now + 3_600_000).toISOString(),
          seen_at: new Date(now).toISOString(),
        },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(200);
}

async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __liveMark: true }));
}
async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as { __liveMark?: boolean }).__liveMark)).toBe(true);
}

test.describe('two servers on one PostgreSQL database', () => {
  test('a users page open on one server shows users ingested through the other, without a reload', async ({
    page,
    baseURL,
  }) => {
    await page.goto(`${USERS}?env=production`);
    await expect(page.getByRole('table', { name: 'Users' })).toHaveAttribute('aria-busy', 'false');
    await markDocument(page);

    const newcomer = unique('through-second');
    await ingestThrough(page, E2E_PG_SECOND_URL, newcomer);
    await expect(rowLinks(page).first()).toHaveText(newcomer, { timeout: WITHIN_AN_INTERVAL });

    // And the other way round: a page open on the second server, a batch through the first.
    const second = await page.context().newPage();
    await second.goto(`${E2E_PG_SECOND_URL}/?token=${E2E_TOKEN}`);
    await expect(second).not.toHaveURL(/token=/);
    await second.goto(`${E2E_PG_SECOND_URL}${USERS}?env=production`);
    await expect(rowLinks(second).first()).toHaveText(newcomer);
    const returning = unique('through-first');
    await ingestThrough(second, baseURL ?? '', returning);
    await expect(rowLinks(second).first()).toHaveText(returning, { timeout: WITHIN_AN_INTERVAL });
    await expect(rowLinks(page).first()).toHaveText(returning, { timeout: WITHIN_AN_INTERVAL });
    await expectSameDocument(page);
  });

  test('a user page open on one server shows a session ingested through the other', async ({ page }) => {
    const identifier = unique('user-page');
    await ingestThrough(page, E2E_PG_SECOND_URL, identifier, `${identifier}-first`);
    await page.goto(`${USERS}/${encodeURIComponent(identifier)}?env=production`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(identifier);
    await expect(history(page).getByRole('listitem')).toHaveCount(1);
    await markDocument(page);

    await ingestThrough(page, E2E_PG_SECOND_URL, identifier, `${identifier}-second`);
    await expect(history(page).getByRole('listitem')).toHaveCount(2, { timeout: WITHIN_AN_INTERVAL });
    await expect(history(page)).toContainText(`${identifier}-second`);
    await expectSameDocument(page);
  });
});
