import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { demoProducts, type DemoLayout } from './demo-layout.ts';
import { demoUserCount, generateDemo, type DemoUserRecord } from './generate-demo.ts';

/** What `npm start` loads into an empty store: quick to load, enough to page through. */
export const DEFAULT_DEMO_USERS = 5_000;
export const DEFAULT_DEMO_SEED = 42;

export interface LoadDemoOptions {
  users?: number;
  seed?: number;
  /** The moment the data is relative to (default: now). */
  now?: number;
  layout?: DemoLayout;
  /** Called after each committed batch, and once at the start with 0. */
  onProgress?: (done: number, total: number) => void;
  /** Users per transaction. */
  batchSize?: number;
}

export interface LoadDemoResult {
  users: number;
  sessions: number;
  elapsedMs: number;
}

/** Writes the deterministic demo data into `store` (meant for an empty one), in batched transactions. */
export function loadDemo(store: SqliteStore, options: LoadDemoOptions = {}): LoadDemoResult {
  const started = performance.now();
  const users = options.users ?? DEFAULT_DEMO_USERS;
  const layout = options.layout ?? 'default';
  const batchSize = options.batchSize ?? 5_000;
  const total = demoUserCount(users);
  const onProgress = options.onProgress ?? (() => {});

  store.write((writer) => {
    for (const product of demoProducts(layout)) {
      writer.registerProduct(product.tag, product.envs);
      for (const session of product.sessions) writer.registerSession(product.tag, session.tag);
    }
  });
  onProgress(0, total);

  let done = 0;
  let sessions = 0;
  let batch: DemoUserRecord[] = [];
  const flush = () => {
    store.write((writer) => {
      for (const { user, sessions: userSessions } of batch) writer.insertUser(user, userSessions);
    });
    done += batch.length;
    batch = [];
    onProgress(done, total);
  };
  const demo = generateDemo({ users, seed: options.seed ?? DEFAULT_DEMO_SEED, now: options.now ?? Date.now(), layout });
  for (const record of demo) {
    batch.push(record);
    sessions += record.sessions.length;
    if (batch.length >= batchSize) flush();
  }
  if (batch.length > 0) flush();
  return { users: done, sessions, elapsedMs: performance.now() - started };
}
