import { expect } from '@playwright/test';
import type { Locator, Page, Request, Route } from '@playwright/test';

/** Helpers for e2e/faults.spec.ts: API faults made in the browser with page.route, and what to check after. */

export const PRODUCT = 'my-product';
export const SESSION = 'user-session';
export const USERS = `/products/${PRODUCT}/sessions/${SESSION}/users`;

export const userUrl = (identifier: string, env?: string) =>
  `${USERS}/${encodeURIComponent(identifier)}${env ? `?env=${encodeURIComponent(env)}` : ''}`;

/** Which API a request URL is for. */
export const isApi = (url: URL) => url.pathname.startsWith('/api/');
/** `fetchUsers`: a page of a session's users. */
export const isUsersList = (url: URL) => /^\/api\/products\/[^/]+\/sessions\/[^/]+\/users$/.test(url.pathname);
/** `fetchUserDetails`: one user and their sessions. */
export const isUserDetails = (url: URL) => /^\/api\/products\/[^/]+\/sessions\/[^/]+\/users\/[^/]+$/.test(url.pathname);

export const onRequestUrl = (request: Request, match: (url: URL) => boolean) => match(new URL(request.url()));

/** A JSON error answer shaped like the API's own. */
export function fulfillError(route: Route, status: number, code: string, message: string): Promise<void> {
  return route.fulfill({
    status,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code, message } }),
  });
}

/** The request is let through, unless the page gave up on it meanwhile (aborted, or the page closed). */
export async function continueIfWanted(route: Route): Promise<void> {
  await route.continue().catch(() => undefined);
}

export const usersTable = (page: Page) => page.getByRole('table', { name: 'Users' });
export const bodyRows = (page: Page) => usersTable(page).locator('tbody tr');
export const rowLinks = (page: Page) => bodyRows(page).locator('td:first-child a');
export const environmentFilter = (page: Page) => page.getByRole('combobox', { name: 'Environment' });
export const sessionHistory = (page: Page) => page.getByRole('list', { name: 'Session history' });

/** The table shows settled rows: not the skeleton, not the previous page kept while loading. */
export async function settled(page: Page): Promise<Locator> {
  const table = usersTable(page);
  await expect(table).toHaveAttribute('aria-busy', 'false');
  return table;
}

export async function identifiersOnScreen(page: Page): Promise<string[]> {
  await settled(page);
  return rowLinks(page).allTextContents();
}

/** The `data-env` of every row's environment badge. */
export function rowEnvironments(page: Page): Promise<(string | null)[]> {
  return bodyRows(page)
    .locator('[data-env]')
    .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-env')));
}

interface UsersPageAnswer {
  users: { identifier: string }[];
  total: number;
  totalPages: number;
}

/** What the API itself answers for a page (the test's oracle, fetched outside the page's routes). */
export async function apiUsers(
  page: Page,
  search: { env?: string; page?: number; limit?: number } = {},
): Promise<UsersPageAnswer> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value !== undefined) params.set(key, String(value));
  const response = await page.request.get(`/api${USERS}?${params.toString()}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as UsersPageAnswer;
}

export const formatUsers = (count: number) => `${new Intl.NumberFormat('en-US').format(count)} users`;

/**
 * Marks the current document; `expectSameDocument` then proves no reload or full navigation
 * happened (a reload would start a fresh window without the mark).
 */
export async function markDocument(page: Page): Promise<string> {
  const mark = `fault-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((value) => {
    (window as unknown as { __faultMark?: string }).__faultMark = value;
  }, mark);
  return mark;
}

export async function expectSameDocument(page: Page, mark: string): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __faultMark?: string }).__faultMark)).toBe(mark);
}

/** Counts document loads of the main frame (a reload or a full navigation), from now on. */
export function countDocumentLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return () => loads;
}

/** Collects every alert/confirm/prompt the page opens (and dismisses it). */
export function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return dialogs;
}

/**
 * A slow API, made deterministic: requests matching `match` are held back (however long the
 * machine takes) until `release()`, then go on to the server, unless the page gave up on them.
 */
export async function holdBack(page: Page, match: (url: URL) => boolean): Promise<{ release: () => void }> {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(match, async (route) => {
    await gate;
    await continueIfWanted(route);
  });
  return { release };
}

/**
 * Settles once the first request matching `match` is over: answered (`requestfinished`) or given
 * up on (`requestfailed`, e.g. aborted by the page). Start it before the request is made.
 */
export function requestSettled(page: Page, match: (url: URL) => boolean): Promise<Request> {
  return new Promise((resolve) => {
    const done = (request: Request) => {
      if (!onRequestUrl(request, match)) return;
      page.off('requestfinished', done);
      page.off('requestfailed', done);
      resolve(request);
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  });
}
