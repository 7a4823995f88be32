import { readFileSync } from 'node:fs';
import { BROWSER_RESULTS } from './bench-config.ts';
import type { BrowserResults, BrowserStep } from './browser/results.ts';
import { currentLoad, type Machine } from './machine.ts';
import { postgresAtThisSchema } from './pg-schema-copy.ts';
import {
  benchSearch,
  measureStore,
  searchCases,
  sessionCounts,
  sharedPostgresUrl,
  type SearchStoreRun,
} from './search-bench.ts';
import { renderSearchSection } from './search-report.ts';
import { startBenchServer } from './server-process.ts';
import type { BenchStore } from './store-cache.ts';

interface SearchSectionOptions {
  store: BenchStore;
  port: number;
  machine: Machine;
  /** The browser step's figures when the browser section already ran, or 'run' to run just that step. */
  browser: BrowserStep | 'run';
  runPlaywright: (args: string[]) => Promise<void>;
}

/**
 * `npm run bench -- --only search`: issue 12's requests over HTTP on the SQLite store and, when
 * the shared 1,000,000-user PostgreSQL database is ready (/work/pgbench/READY, or BENCH_PG_URL),
 * on PostgreSQL too (read only: on a current schema the server migrates nothing and the benchmark
 * only reads; on an older one it runs on a migrated copy, see pg-schema-copy.ts); then typed text to rows painted in the browser. Returns the section.
 */
export async function runSearchSection(options: SearchSectionOptions): Promise<string> {
  const runs: SearchStoreRun[] = [];
  const skipped: string[] = [];
  runs.push(await overHttp('SQLite', options.store.databaseUrl, options.store.path, options.port));
  const postgresUrl = sharedPostgresUrl();
  if (postgresUrl === undefined) {
    skipped.push('PostgreSQL: no 1,000,000-user PostgreSQL database was ready (/work/pgbench/READY, or BENCH_PG_URL).');
  } else {
    try {
      const url = await postgresAtThisSchema(postgresUrl);
      runs.push(await overHttp('PostgreSQL', url, withoutPassword(url), options.port + 1));
    } catch (error) {
      // Reported in the section (e.g. a database at a newer schema than this build), not fatal.
      skipped.push(`PostgreSQL (${withoutPassword(postgresUrl)}): ${(error as Error).message}`);
    }
  }
  let browser: BrowserStep | undefined;
  let browserLoad: { before: number; after: number } | undefined;
  if (options.browser === 'run') {
    console.log('\n▶ Typed text to matching rows painted (Playwright, Chromium)');
    const before = currentLoad();
    await options.runPlaywright(['-g', 'search:']);
    browserLoad = { before, after: currentLoad() };
    browser = (JSON.parse(readFileSync(BROWSER_RESULTS, 'utf8')) as BrowserResults).steps.search;
  } else {
    browser = options.browser;
  }
  return renderSearchSection({
    date: new Date().toISOString(),
    machine: options.machine,
    users: options.store.users,
    sessions: options.store.sessions,
    runs,
    skipped,
    ...(browser ? { browser } : {}),
    ...(browserLoad ? { browserLoad } : {}),
  });
}

async function overHttp(
  store: SearchStoreRun['store'],
  databaseUrl: string,
  where: string,
  port: number,
): Promise<SearchStoreRun> {
  console.log(`\n▶ ${store}: ${where}`);
  const server = await startBenchServer(port, { pageCache: false, databaseUrl });
  try {
    const cases = searchCases(await sessionCounts(server.url, server.token));
    return await measureStore(store, where, () => benchSearch(server.url, server.token, server.pid, cases));
  } finally {
    await server.stop();
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}
