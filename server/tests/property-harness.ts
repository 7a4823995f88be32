import { expect } from 'vitest';
import { ERROR_CODES, errorBodySchema, fetchUsersResultSchema } from '../../src/contract/session-users.ts';
import { HEAVY_USER } from '../demo/showcase.ts';
import type { StoreUnderTest } from '../store/conformance/each-store.ts';
import type { SessionUsersSource } from '../store/source.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { BEARER, demoStore, INGEST_TOKEN, memoryLogger, openDemoStore, testApp, type MemoryLogger } from './helpers.ts';

/** Small enough to load in well under a second, big enough for several pages per environment. */
export const PROPERTY_DEMO_USERS = 200;

/** Real values the generators mix in, so that part of the cases succeed and their bodies are checked. */
export interface KnownValues {
  products: string[];
  sessions: string[];
  envs: string[];
  identifiers: string[];
  ductapeUserIds: string[];
}

export interface Harness<S extends SessionUsersSource = SessionUsersSource> {
  store: S;
  logger: MemoryLogger;
  app: ReturnType<typeof testApp>;
  known: KnownValues;
}

/**
 * One app over one real SQLite store filled by loadDemo, reused by every run. Wrong tokens are
 * not slowed here (the slow-down has its own tests), so a thousand 401s stay fast.
 */
export function propertyHarness(): Promise<Harness<SqliteStore>> {
  return harnessOver(demoStore(PROPERTY_DEMO_USERS));
}

/** The same over the demo data in a new store of the kind under test (`describeEachStore`), closed after the block. */
export async function propertyHarnessOn(stores: StoreUnderTest): Promise<Harness> {
  return harnessOver(await openDemoStore(stores, PROPERTY_DEMO_USERS));
}

async function harnessOver<S extends SessionUsersSource>(store: S): Promise<Harness<S>> {
  const logger = memoryLogger();
  const app = testApp(store, { logger, throttle: { threshold: Number.MAX_SAFE_INTEGER }, ingestToken: INGEST_TOKEN });
  const catalog = await store.catalog();
  const page = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 100 });
  // The heavy user's 10,000 sessions would make every hit on it slow without testing more.
  const users = page.users.filter((user) => user.identifier !== HEAVY_USER);
  const known: KnownValues = {
    products: catalog.products.map((product) => product.tag),
    sessions: [...new Set(catalog.products.flatMap((product) => product.sessions.map((session) => session.tag)))],
    envs: [...new Set(catalog.products.flatMap((product) => product.envs))],
    identifiers: [...new Set(users.map((user) => user.identifier))],
    ductapeUserIds: users.map((user) => user.ductape_user_id),
  };
  return { store, logger, app, known };
}

/** Any contract schema (classic zod or zod/mini): only `safeParse` is needed. */
export interface Schema {
  safeParse(data: unknown): { success: boolean };
}

export function get(harness: Harness, url: string, headers: Record<string, string> = BEARER): Promise<Response> {
  return Promise.resolve(harness.app.request(url, { headers }));
}

/**
 * The contract for anything a client sends: 200 (or `okStatus`) with the route's success shape, or
 * a 4xx with the JSON error shape and a known code. Never a 5xx, never a body that is not JSON.
 */
export async function expectContractAnswer(
  response: Response,
  success: Schema | undefined,
  label: string,
  okStatus = 200,
): Promise<{ status: number; body: unknown }> {
  const { status } = response;
  const what = `${label.slice(0, 300)} → ${status}`;
  expect(status === okStatus || (status >= 400 && status < 500), what).toBe(true);
  if (status === 204) return { status, body: undefined };
  expect(response.headers.get('content-type'), what).toMatch(/^application\/json/);
  const text = await response.text();
  let body: unknown;
  expect(() => (body = JSON.parse(text)), `${what}: ${text.slice(0, 200)}`).not.toThrow();
  if (status === okStatus) {
    if (success) expect(success.safeParse(body).success, what).toBe(true);
  } else {
    const parsed = errorBodySchema.safeParse(body);
    expect(parsed.success, `${what}: ${text.slice(0, 200)}`).toBe(true);
    expect(ERROR_CODES as readonly string[], what).toContain(parsed.data?.error.code);
    expect(parsed.data?.error.message.length, what).toBeGreaterThan(0);
  }
  return { status, body };
}

/** fetchUsers answers agree with themselves, whatever was asked. */
export function expectConsistentPage(body: unknown): void {
  const page = fetchUsersResultSchema.parse(body);
  expect(page.users.length).toBeLessThanOrEqual(page.limit);
  expect(page.totalPages).toBe(Math.ceil(page.total / page.limit));
  if (page.page > page.totalPages) expect(page.users).toEqual([]);
}

/** After a property: the server still answers its health check and logged no unexpected error. */
export async function expectHealthy(harness: Harness): Promise<void> {
  const health = await harness.app.request('/api/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect(harness.logger.errors).toEqual([]);
}
