import autocannon from 'autocannon';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { createRandom } from '../server/demo/prng.ts';
import { ENVIRONMENTS, PRODUCT, SESSION } from './bench-config.ts';
import { summarize, type Summary } from './stats.ts';

export const CONNECTIONS = 50;
/** The workload the throughput target is about: page 1 of all users, as the server runs by default. */
export const PAGE1_WORKLOAD = 'page 1 (fetchUsers, all envs, limit 20)';
const RUNS = 3;
const RUN_SECONDS = 10;
const WARMUP_SECONDS = 3;

export interface ThroughputResult {
  label: string;
  connections: number;
  runs: number;
  runSeconds: number;
  /** Requests per second, one value per run. */
  requestsPerSecond: Summary;
  /** Each run's p50 and p99 latency (ms). */
  p50: Summary;
  p99: Summary;
  failures: number;
}

/**
 * autocannon at 50 connections against the server (another process): a short warm-up, then
 * several runs; each run's requests per second and latency percentiles are summarised.
 */
export async function runThroughput(
  baseUrl: string,
  token: string,
  label: string,
  paths: readonly string[],
): Promise<ThroughputResult> {
  let next = 0;
  const options = {
    url: baseUrl,
    connections: CONNECTIONS,
    headers: { Authorization: `Bearer ${token}` },
    // Every request takes the next path of a fixed, shuffled list: the same mix on every run.
    requests: [
      {
        setupRequest: (request: { path?: string }) => ({ ...request, path: paths[next++ % paths.length] as string }),
      },
    ],
  };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const rps: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let failures = 0;
  for (let run = 0; run < RUNS; run++) {
    const result = await autocannon({ ...options, duration: RUN_SECONDS });
    rps.push(result.requests.total / result.duration);
    p50.push(result.latency.p50);
    p99.push(result.latency.p99);
    failures += result.errors + result.timeouts + result.non2xx;
  }
  return {
    label,
    connections: CONNECTIONS,
    runs: RUNS,
    runSeconds: RUN_SECONDS,
    requestsPerSecond: summarize(rps),
    p50: summarize(p50),
    p99: summarize(p99),
    failures,
  };
}

/**
 * The mixed workload: 60 % fetchUsers (any page of any of the four environments or of all, 20 or
 * 100 a page) and 40 % fetchUserDetails of ordinary users (a fixed sample of 500), shuffled.
 */
export async function mixedPaths(storePath: string): Promise<string[]> {
  const random = createRandom(7);
  const store = openSqliteStore(storePath);
  let users: [string, string][];
  let counts: Record<string, number>;
  try {
    users = store.db
      .prepare<[], [string, string]>('SELECT identifier, env FROM session_users WHERE id % 2000 = 7 LIMIT 500')
      .raw()
      .all();
    const catalog = await store.catalog();
    counts = catalog.products.find((p) => p.tag === PRODUCT)?.sessions.find((s) => s.tag === SESSION)?.users ?? {};
  } finally {
    store.close();
  }
  const total = (env: string) => (env === '' ? Object.values(counts).reduce((a, b) => a + b, 0) : (counts[env] ?? 0));
  const base = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
  const paths: string[] = [];
  for (let i = 0; i < 6_000; i++) {
    if (random.chance(0.6)) {
      const env = random.pick(['', ...ENVIRONMENTS]);
      const limit = random.chance(0.8) ? 20 : 100;
      const page = 1 + Math.floor(random.next() * Math.ceil(total(env) / limit));
      const query = new URLSearchParams({ ...(env ? { env } : {}), page: String(page), limit: String(limit) });
      paths.push(`${base}?${query}`);
    } else {
      const [identifier, env] = random.pick(users);
      paths.push(`${base}/${encodeURIComponent(identifier)}?env=${encodeURIComponent(env)}`);
    }
  }
  return paths;
}
