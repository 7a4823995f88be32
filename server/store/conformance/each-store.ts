import postgres from 'postgres';
import { afterAll, describe, it } from 'vitest';
import type { DashboardStore, StoreOptions } from '../dashboard-store.ts';
import { parsePostgresUrl } from '../postgres/pg-settings.ts';
import { openPostgresStore } from '../postgres/postgres-store.ts';
import { sqliteDashboard } from '../sqlite/sqlite-dashboard.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';

/**
 * The conformance suite: every store-interface test runs against SQLite (in memory) and against
 * PostgreSQL (a fresh database per store on the server TEST_DATABASE_URL names; `npm run test:pg`
 * and `.ci/run` start a throwaway one). Without TEST_DATABASE_URL the PostgreSQL half is skipped
 * with a message, except with CI=true, where it fails: CI must test both stores.
 */
export type StoreName = 'sqlite' | 'postgres';

export interface StoreUnderTest {
  name: StoreName;
  /** A new, empty store; closed (and its database dropped) after the file's tests. */
  open(options?: StoreOptions): Promise<DashboardStore>;
  /** A second store on the same data (another process's view); SQLite in memory cannot share, so undefined there. */
  openAnother?(store: DashboardStore, options?: StoreOptions): Promise<DashboardStore>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

const MISSING =
  'PostgreSQL tests skipped: TEST_DATABASE_URL is not set. Run `npm run test:pg` (starts a throwaway PostgreSQL) to include them.';
let warned = false;

/** Where PostgreSQL tests cannot run: fail under CI, otherwise say once why they are skipped. */
export function postgresMissing(): 'fail' | 'skip' | undefined {
  if (TEST_DATABASE_URL !== undefined && TEST_DATABASE_URL !== '') return undefined;
  if (process.env.CI === 'true') return 'fail';
  if (!warned) {
    warned = true;
    process.stderr.write(`${MISSING}\n`);
  }
  return 'skip';
}

let databases = 0;

/** A fresh, empty database on the test server; dropped again by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = TEST_DATABASE_URL as string;
  const name = `t_${process.pid}_${Date.now().toString(36)}_${(databases += 1)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const again = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false });
      try {
        await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

function sqliteUnderTest(): StoreUnderTest {
  const opened: DashboardStore[] = [];
  afterAll(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  return {
    name: 'sqlite',
    open: async (options) => {
      const store = sqliteDashboard(openSqliteStore(':memory:', options));
      opened.push(store);
      return store;
    },
  };
}

function postgresUnderTest(): StoreUnderTest {
  const cleanups: (() => Promise<void>)[] = [];
  const urls = new Map<DashboardStore, string>();
  // Generous: closing pools and dropping databases is slow on a loaded CI machine.
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, 120_000);
  const openAt = async (url: string, options?: StoreOptions) => {
    const store = await openPostgresStore(parsePostgresUrl(url, {}), options);
    urls.set(store, url);
    cleanups.push(() => store.close());
    return store;
  };
  return {
    name: 'postgres',
    open: async (options) => {
      const database = await createTestDatabase();
      cleanups.push(database.drop);
      return openAt(database.url, options);
    },
    openAnother: async (store, options) => openAt(urls.get(store) as string, options),
  };
}

/** `describe` once per store: `body` gets the store under test (open as many as needed). */
export function describeEachStore(title: string, body: (stores: StoreUnderTest) => void): void {
  describe(`${title} [sqlite]`, () => body(sqliteUnderTest()));
  describePostgres(title, () => body(postgresUnderTest()));
}

/** `describe` for tests that need PostgreSQL (`body` may call `postgresStores()`); skipped or failed without it. */
export function describePostgres(title: string, body: () => void): void {
  const missing = postgresMissing();
  if (missing === 'fail') {
    describe(`${title} [postgres]`, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`CI=true, but TEST_DATABASE_URL is not set: ${MISSING}`);
      });
    });
  } else if (missing === 'skip') {
    describe.skip(`${title} [postgres]`, body);
  } else {
    describe(`${title} [postgres]`, body);
  }
}

/** Fresh PostgreSQL stores for the calling describe block (closed and dropped after it). */
export function postgresStores(): StoreUnderTest {
  return postgresUnderTest();
}

/** SQLite stores in memory for the calling describe block. */
export function sqliteStores(): StoreUnderTest {
  return sqliteUnderTest();
}
