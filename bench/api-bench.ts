import { openSqliteStore, type SqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { fetchUserDetailsCases, fetchUsersCases, type ApiCase } from './api-cases.ts';
import { createHttpClient } from './http-client.ts';
import { PRODUCT, SESSION } from './bench-config.ts';
import { summarize, timeRuns, type Summary } from './stats.ts';

export interface ApiTiming {
  group: ApiCase['group'];
  label: string;
  /** The store call itself, page cache off. */
  store: Summary;
  /** Over HTTP with the store's page cache off: the query plus what the server adds. */
  http: Summary;
  /** HTTP median ÷ store median: what the server and the loopback add around the query. */
  ratio: number;
  /** Over HTTP as the server runs by default (page cache on): the same request again and again. */
  httpCached: Summary;
  responseBytes: number;
}

export interface HttpTiming {
  http: Summary;
  responseBytes: number;
}

export interface AnchorTimings {
  /** The first deep page of a freshly opened store, which builds that list's anchors. */
  coldLastPage: Summary;
  /** Building every list's anchors (what the server does in the background at start). */
  warmAll: Summary;
}

const runsFor = (apiCase: ApiCase) =>
  apiCase.details?.identifier.startsWith('heavy') ? 60 : apiCase.details?.identifier.startsWith('thousand') ? 200 : 300;
const WARMUP = 30;

export async function apiCases(storePath: string): Promise<ApiCase[]> {
  const store = openSqliteStore(storePath);
  try {
    return [...fetchUsersCases(await store.catalog()), ...fetchUserDetailsCases()];
  } finally {
    store.close();
  }
}

function callStore(store: SqliteStore, apiCase: ApiCase): Promise<unknown> {
  const scope = { product: PRODUCT, session: SESSION };
  if (apiCase.users) return store.fetchUsers({ ...scope, ...apiCase.users });
  if (apiCase.details) return store.fetchUserDetails({ ...scope, ...apiCase.details });
  throw new Error(`Nothing to call for ${apiCase.label}`);
}

/** Each case as a bare store call in this process, page cache off (the server is not running meanwhile). */
export async function benchStoreCalls(storePath: string, cases: ApiCase[]): Promise<Map<string, Summary>> {
  const store = openSqliteStore(storePath, { pageCacheSize: 0 });
  try {
    while (store.warmPageAnchors(1_000) !== 'done');
    const results = new Map<string, Summary>();
    for (const apiCase of cases) {
      results.set(apiCase.label, await timeRuns(runsFor(apiCase), WARMUP, () => callStore(store, apiCase)));
    }
    return results;
  } finally {
    store.close();
  }
}

export async function benchAnchors(
  storePath: string,
  lastPage: { page: number; limit: number },
): Promise<AnchorTimings> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < 5; run++) {
    const store = openSqliteStore(storePath);
    try {
      const started = performance.now();
      await store.fetchUsers({ product: PRODUCT, session: SESSION, ...lastPage });
      cold.push(performance.now() - started);
    } finally {
      store.close();
    }
    const fresh = openSqliteStore(storePath);
    try {
      const started = performance.now();
      while (fresh.warmPageAnchors(Number.POSITIVE_INFINITY) !== 'done');
      warm.push(performance.now() - started);
    } finally {
      fresh.close();
    }
  }
  return { coldLastPage: summarize(cold), warmAll: summarize(warm) };
}

/** Each case over HTTP on loopback against the running server, one request at a time. */
export async function benchHttp(baseUrl: string, token: string, cases: ApiCase[]): Promise<Map<string, HttpTiming>> {
  const client = createHttpClient(baseUrl, token);
  try {
    const results = new Map<string, HttpTiming>();
    for (const apiCase of cases) {
      const first = await client.get(apiCase.path);
      if (first.status !== 200) throw new Error(`${apiCase.path} answered ${first.status}`);
      const http = await timeRuns(runsFor(apiCase), WARMUP, () => client.get(apiCase.path));
      results.set(apiCase.label, { http, responseBytes: first.bytes });
    }
    return results;
  } finally {
    client.close();
  }
}

/** One row per case: the store call, HTTP without and with the page cache. */
export function combineApiTimings(
  cases: ApiCase[],
  store: Map<string, Summary>,
  uncached: Map<string, HttpTiming>,
  cached: Map<string, HttpTiming>,
): ApiTiming[] {
  return cases.map((apiCase) => {
    const storeTime = store.get(apiCase.label) as Summary;
    const http = uncached.get(apiCase.label) as HttpTiming;
    return {
      group: apiCase.group,
      label: apiCase.label,
      store: storeTime,
      http: http.http,
      ratio: http.http.median / storeTime.median,
      httpCached: (cached.get(apiCase.label) as HttpTiming).http,
      responseBytes: http.responseBytes,
    };
  });
}
