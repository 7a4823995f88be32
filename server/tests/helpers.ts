import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions } from '../app.ts';
import { loadDemo, loadDemoInto } from '../demo/load-demo.ts';
import type { Logger } from '../logger.ts';
import type { StoreUnderTest } from '../store/conformance/each-store.ts';
import type { DashboardStore } from '../store/dashboard-store.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';

export const TOKEN = 'test-token-0123456789';
export const BEARER = { Authorization: `Bearer ${TOKEN}` };
export const INGEST_TOKEN = 'ingest-token-0123456789';
export const INGEST_BEARER = { Authorization: `Bearer ${INGEST_TOKEN}` };
export const PRODUCT = 'my-product';
export const SESSION = 'user-session';
export const USERS_PATH = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
export const DEMO_USERS = 300;
/** Small delays keep the slow-down tests quick. */
export const TEST_THROTTLE = { baseDelayMs: 100, maxDelayMs: 400 };

/** A real SQLite store in memory, filled by the real demo generator. */
export function demoStore(users = DEMO_USERS): SqliteStore {
  const store = openSqliteStore(':memory:');
  loadDemo(store, { users, seed: 7 });
  return store;
}

/**
 * The same demo data in a new store of the kind under test (`describeEachStore`): the API tests
 * run on SQLite and once more on PostgreSQL. Closed after the calling block's tests.
 */
export async function openDemoStore(stores: StoreUnderTest, users = DEMO_USERS): Promise<DashboardStore> {
  const store = await stores.open();
  await loadDemoInto(store, { users, seed: 7 });
  return store;
}

export function testApp(source: AppOptions['source'], options: Partial<AppOptions> = {}) {
  return createApp({ source, token: TOKEN, logger: memoryLogger(), throttle: TEST_THROTTLE, ...options });
}

export interface MemoryLogger extends Logger {
  lines: Record<string, unknown>[];
  errors: Record<string, unknown>[];
}

export function memoryLogger(): MemoryLogger {
  const lines: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  return { lines, errors, info: (entry) => lines.push(entry), error: (entry) => errors.push(entry) };
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The contract's error body, checked loosely enough to report what came instead. */
export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  if (!body.error) throw new Error(`expected an error body, got ${JSON.stringify(body)}`);
  return body.error;
}

export const SECURITY_HEADER_NAMES = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
];

/**
 * Everything the store holds, summed up in one cheap pass per table: any added, removed or
 * changed product, environment, session type, user or session changes it.
 */
export function storeFingerprint(store: SqliteStore): string {
  return JSON.stringify(
    store.db
      .prepare(
        `SELECT (SELECT count(*) || '/' || group_concat(tag) FROM products),
                (SELECT count(*) FROM product_envs), (SELECT count(*) FROM product_sessions),
                (SELECT group_concat(users) FROM user_counts),
                (SELECT count(*) || '/' || total(julianday(first_seen)) || '/' || total(julianday(last_seen)) || '/' ||
                        total(julianday(created_at)) || '/' || total(julianday(updated_at)) || '/' || total(length(ductape_user_id))
                   FROM session_users),
                (SELECT count(*) || '/' || total(julianday(end_at)) || '/' || total(revoked) || '/' || total(julianday(revoked_at))
                   FROM user_sessions)`,
      )
      .raw()
      .get(),
  );
}

/**
 * Everything a store of either kind holds, as its catalog and its export show it: any added,
 * removed or changed product, environment, user or session changes it. (`active` is left out: it
 * follows the clock, not the data.)
 */
export async function storeContents(store: SessionUsersSource): Promise<string> {
  const users: unknown[] = [await store.catalog()];
  for await (const user of store.exportUsers()) users.push(user);
  return JSON.stringify(users, (key, value: unknown) => (key === 'active' ? undefined : value));
}
