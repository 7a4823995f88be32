import type { BulkProduct, DashboardStore } from '../store/dashboard-store.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { demoProducts, type DemoLayout } from './demo-layout.ts';
import { demoUserCount, generateDemo } from './generate-demo.ts';

/** What `npm start` loads into an empty store: quick to load, enough to page through. */
export const DEFAULT_DEMO_USERS = 5_000;
export const DEFAULT_DEMO_SEED = 42;

export interface LoadDemoOptions {
  users?: number;
  seed?: number;
  /** The moment the data is relative to (default: now). */
  now?: number;
  layout?: DemoLayout;
  /** Called with 0 at the start, then every `progressEvery` users and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Called once every row is written, before the indexes are rebuilt (seconds at a million users). */
  onIndexing?: () => void;
  progressEvery?: number;
}

export interface LoadDemoResult {
  users: number;
  sessions: number;
  elapsedMs: number;
}

/**
 * Writes the deterministic demo data into `store` (meant for an empty one) as one bulk load:
 * all of it or, if anything fails or the process is stopped, none of it.
 */
export function loadDemo(store: SqliteStore, options: LoadDemoOptions = {}): LoadDemoResult {
  const started = performance.now();
  const users = options.users ?? DEFAULT_DEMO_USERS;
  const layout = options.layout ?? 'default';
  const progressEvery = options.progressEvery ?? 1_000;
  const total = demoUserCount(users, layout);
  const onProgress = options.onProgress ?? (() => {});
  const demo = generateDemo({ users, seed: options.seed ?? DEFAULT_DEMO_SEED, now: options.now ?? Date.now(), layout });

  const { done, sessions } = store.bulkLoad(
    (writer) => {
      for (const product of demoProducts(layout)) {
        writer.registerProduct(product.tag, product.envs);
        for (const session of product.sessions) writer.registerSession(product.tag, session.tag);
      }
      onProgress(0, total);
      let written = 0;
      let sessionCount = 0;
      for (const { user, sessions: userSessions } of demo) {
        writer.insertUser(user, userSessions);
        written += 1;
        sessionCount += userSessions.length;
        if (written % progressEvery === 0 && written < total) onProgress(written, total);
      }
      onProgress(written, total);
      return { done: written, sessions: sessionCount };
    },
    { onIndexing: options.onIndexing },
  );
  return { users: done, sessions, elapsedMs: performance.now() - started };
}

/**
 * The same data into any store (SQLite or PostgreSQL), as one bulk load. With `onlyIfEmpty`
 * (the server's start-up demo) it loads nothing and resolves undefined when the store already
 * holds data, decided inside the load's transaction, so two servers starting at once on one
 * database load it once.
 */
export async function loadDemoInto(
  store: DashboardStore,
  options: LoadDemoOptions & { onlyIfEmpty?: boolean } = {},
): Promise<LoadDemoResult | undefined> {
  const started = performance.now();
  const users = options.users ?? DEFAULT_DEMO_USERS;
  const layout = options.layout ?? 'default';
  const total = demoUserCount(users, layout);
  const generation = { users, seed: options.seed ?? DEFAULT_DEMO_SEED, now: options.now ?? Date.now(), layout };
  const products: BulkProduct[] = demoProducts(layout).map((product) => ({
    tag: product.tag,
    envs: product.envs,
    sessions: product.sessions.map((session) => session.tag),
  }));
  options.onProgress?.(0, total);
  const loaded = await store.bulkLoad(products, () => generateDemo(generation), {
    onlyIfEmpty: options.onlyIfEmpty,
    onProgress: (written) => options.onProgress?.(written, total),
    onIndexing: options.onIndexing,
  });
  if (loaded === undefined) return undefined;
  return { users: loaded.users, sessions: loaded.sessions, elapsedMs: performance.now() - started };
}
