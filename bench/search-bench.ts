import { existsSync, readFileSync } from 'node:fs';
import { createHttpClient } from './http-client.ts';
import { currentLoad, processCpuSeconds } from './machine.ts';
import { PRODUCT, SESSION } from './bench-config.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * Issue 12's reads over HTTP on the 1,000,000-user store: search (selective, broad, 1–2
 * characters), the first_seen order at any depth, and the 90-day overview. Every request is a
 * first request: the server runs with its page cache off and each request carries a parameter
 * the API ignores (`bench=<n>`), so the server's kept answers (conditional-get.ts) never serve it
 * either. That is what a person typing a new term meets, and what everyone meets after each write.
 */
export interface SearchCase {
  group: 'search' | 'sort' | 'overview';
  label: string;
  path: string;
  /** The target this case is held to (median ≤, or max < for the 1–2 character terms). */
  target?: { on: 'median' | 'max'; ms: number };
  runs: number;
}

export interface SearchTiming {
  case: SearchCase;
  http: Summary;
  /** `total` of a fetchUsers answer (the exact number of matches), or the overview's `users`. */
  total: number;
  /** CPU time of the server process per request (every thread; for PostgreSQL, not the database's own). */
  serverCpuMs: number;
}

export interface SearchStoreRun {
  store: 'SQLite' | 'PostgreSQL';
  /** Where the data lives (a file, or the PostgreSQL server without credentials). */
  where: string;
  loadBefore: number;
  loadAfter: number;
  timings: SearchTiming[];
}

const USERS_PATH = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
const OVERVIEW_PATH = `/api/products/${PRODUCT}/sessions/${SESSION}/overview`;
const WARMUP = 3;
/** A selective term of the seeded data (seed 42): a few hundred matches. */
export const SELECTIVE_TERM = 'mendes81';
/** The broad term the issue names: in most identifiers' domains. */
export const BROAD_TERM = 'example';

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([key, value]) => [key, String(value)]),
  ).toString();

function usersCase(
  group: SearchCase['group'],
  label: string,
  params: Record<string, string | number | undefined>,
  runs: number,
  target?: SearchCase['target'],
): SearchCase {
  return { group, label, path: `${USERS_PATH}?${query(params)}`, runs, ...(target ? { target } : {}) };
}

/** The cases, given the session's user counts per environment (for the last page of each order). */
export function searchCases(counts: Record<string, number>, env = 'production'): SearchCase[] {
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const inEnv = counts[env] ?? 0;
  const lastPage = (total: number) => Math.max(1, Math.ceil(total / 20));
  const selective = { on: 'median', ms: 20 } as const;
  const broad = { on: 'median', ms: 300 } as const;
  const short = { on: 'max', ms: 1_000 } as const;
  const sort = { on: 'median', ms: 5 } as const;
  const overview = { on: 'median', ms: 20 } as const;
  return [
    usersCase('search', `selective \`${SELECTIVE_TERM}\`, all environments`, { q: SELECTIVE_TERM }, 60, selective),
    usersCase('search', `selective \`${SELECTIVE_TERM}\`, env=${env}`, { env, q: SELECTIVE_TERM }, 60, selective),
    usersCase('search', `selective \`${SELECTIVE_TERM}\`, page 5`, { q: SELECTIVE_TERM, page: 5 }, 60, selective),
    usersCase('search', 'selective `heavy.user`, all environments', { q: 'heavy.user' }, 60, selective),
    usersCase('search', `broad \`${BROAD_TERM}\`, all environments`, { q: BROAD_TERM }, 20, broad),
    usersCase('search', `broad \`${BROAD_TERM}\`, env=staging`, { env: 'staging', q: BROAD_TERM }, 20, broad),
    usersCase('search', `broad \`${BROAD_TERM}\`, page 1,000`, { q: BROAD_TERM, page: 1_000 }, 20, broad),
    usersCase('search', 'broad `.com`, all environments', { q: '.com' }, 20, broad),
    usersCase('search', '1 character `z`, all environments', { q: 'z' }, 10, short),
    usersCase('search', '1 character `7`, all environments', { q: '7' }, 10, short),
    usersCase('search', '2 characters `ab`, all environments', { q: 'ab' }, 10, short),
    usersCase('search', `2 characters \`ab\`, env=${env}`, { env, q: 'ab' }, 10, short),
    usersCase('sort', 'first_seen, page 1, all environments', { sort: 'first_seen' }, 100, sort),
    usersCase(
      'sort',
      `first_seen, middle page (${Math.ceil(lastPage(all) / 2).toLocaleString('en-US')}), all environments`,
      { sort: 'first_seen', page: Math.ceil(lastPage(all) / 2) },
      100,
      sort,
    ),
    usersCase(
      'sort',
      `first_seen, last page (${lastPage(all).toLocaleString('en-US')}), all environments`,
      { sort: 'first_seen', page: lastPage(all) },
      100,
      sort,
    ),
    usersCase(
      'sort',
      `first_seen, last page (${lastPage(inEnv).toLocaleString('en-US')}), env=${env}`,
      { sort: 'first_seen', env, page: lastPage(inEnv) },
      100,
      sort,
    ),
    {
      group: 'overview',
      label: '90 days, all environments',
      path: `${OVERVIEW_PATH}?days=90`,
      runs: 100,
      target: overview,
    },
    {
      group: 'overview',
      label: `90 days, env=${env}`,
      path: `${OVERVIEW_PATH}?${query({ env, days: 90 })}`,
      runs: 100,
      target: overview,
    },
  ];
}

/** The session's users per environment, from the running server's catalog. */
export async function sessionCounts(baseUrl: string, token: string): Promise<Record<string, number>> {
  const response = await fetch(`${baseUrl}/api/catalog`, { headers: { Authorization: `Bearer ${token}` } });
  const catalog = (await response.json()) as {
    products: { tag: string; sessions: { tag: string; users: Record<string, number> }[] }[];
  };
  const counts = catalog.products.find((p) => p.tag === PRODUCT)?.sessions.find((s) => s.tag === SESSION)?.users;
  if (counts === undefined) throw new Error(`The benchmark store has no ${PRODUCT}/${SESSION}`);
  return counts;
}

/** Each case over HTTP, one request at a time, each one a first request (see the top of this file). */
export async function benchSearch(
  baseUrl: string,
  token: string,
  serverPid: number,
  cases: SearchCase[],
): Promise<SearchTiming[]> {
  const client = createHttpClient(baseUrl, token);
  let request = 0;
  const fresh = (path: string) => `${path}${path.includes('?') ? '&' : '?'}bench=${++request}`;
  try {
    const timings: SearchTiming[] = [];
    for (const searchCase of cases) {
      const first = await getJson(baseUrl, token, fresh(searchCase.path));
      const total = typeof first.total === 'number' ? first.total : Number(first.users);
      for (let i = 0; i < WARMUP; i++) await expectOk(client.get(fresh(searchCase.path)), searchCase.path);
      const samples: number[] = [];
      const cpuBefore = processCpuSeconds(serverPid);
      for (let i = 0; i < searchCase.runs; i++) {
        const path = fresh(searchCase.path);
        const started = performance.now();
        await expectOk(client.get(path), path);
        samples.push(performance.now() - started);
      }
      const serverCpuMs = ((processCpuSeconds(serverPid) - cpuBefore) * 1000) / searchCase.runs;
      const http = summarize(samples);
      timings.push({ case: searchCase, http, total, serverCpuMs });
      console.log(
        `  ${searchCase.label}: median ${http.median.toFixed(2)} ms, max ${http.max.toFixed(1)} ms, ` +
          `server CPU ${serverCpuMs.toFixed(2)} ms a request (load ${currentLoad().toFixed(2)})`,
      );
    }
    return timings;
  } finally {
    client.close();
  }
}

async function expectOk(answer: Promise<{ status: number }>, path: string): Promise<void> {
  const { status } = await answer;
  if (status !== 200) throw new Error(`${path} answered ${status}`);
}

async function getJson(baseUrl: string, token: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Runs `work` and records the load average around it. */
export async function measureStore(
  store: SearchStoreRun['store'],
  where: string,
  work: () => Promise<SearchTiming[]>,
): Promise<SearchStoreRun> {
  const loadBefore = currentLoad();
  const timings = await work();
  return { store, where, loadBefore, loadAfter: currentLoad(), timings };
}

/** The shared 1,000,000-user PostgreSQL database, when its builder has said where it is. */
export function sharedPostgresUrl(readyFile = '/work/pgbench/READY'): string | undefined {
  if (process.env.BENCH_PG_URL) return process.env.BENCH_PG_URL;
  if (!existsSync(readyFile)) return undefined;
  const url = readFileSync(readyFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('postgres://') || line.startsWith('postgresql://'));
  return url;
}
