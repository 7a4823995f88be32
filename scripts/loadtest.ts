/**
 * `npm run loadtest` (not part of npm test): the real server, in its own process, on a
 * 100,000-user store (or a copy of the store named by LOADTEST_DATABASE, such as the
 * 1,000,000-user bench store), under autocannon with 200 connections (all opened at once) asking
 * as a browser does (`Accept-Encoding: gzip, deflate, br, zstd`), on a mix of list pages (with and
 * without an environment), user details (long histories included), user lookups and the catalog.
 * After a 10 s warm-up, 30 s are measured, and the load goes on until at least 100,000 requests
 * were answered after the warm-up. Fails on any error, timeout or non-2xx answer, or when the
 * server's memory (RSS) under load grew by more than 25% from the end of the warm-up to the end of
 * the run. Prints the figures and writes them into docs/reliability.md. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { LoadtestFigures } from '../bench/issue-13-figures.ts';
import { HEAVY_USER, THOUSAND_SESSIONS_USER } from '../server/demo/showcase.ts';
import { copyLoadtestStore, ensureLoadtestStore, type PreparedStore } from './loadtest-store.ts';
import {
  figureRows,
  machine,
  printTable,
  updateReliabilityDoc,
  type KindFigures,
  type LoadFigures,
} from './loadtest-report.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CONNECTIONS = 200;
const WARM_UP_SECONDS = 10;
const DURATION_SECONDS = 30;
const MIN_REQUESTS = Number(process.env.LOADTEST_MIN_REQUESTS ?? 100_000);
const RSS_GROWTH_LIMIT = 0.25;
const GIVE_UP_SECONDS = 900;
const START_TIMEOUT_MS = 15 * 60_000;
const PRODUCT = 'my-product';
const SESSION = 'user-session';
const USERS = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
/** What Chromium sends: the server answers with brotli, as it does a browser. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
/** The long histories of the seeded data, asked for by identifier (most recent environment). */
const LONG_HISTORIES = [HEAVY_USER, THOUSAND_SESSIONS_USER];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The child's resident memory in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

/** CPU seconds (user + system, every thread) the process has used, from /proc (Linux; 100 ticks a second). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Server {
  child: ChildProcess;
  url: string;
  logDir: string;
  exited: Promise<number | null>;
}

/** server/main.ts on the store, its stdout (one log line per request) going to a file, not a pipe. */
async function startServer(databaseFile: string, token: string): Promise<Server> {
  const logDir = mkdtempSync(join(tmpdir(), 'loadtest-'));
  const logFile = join(logDir, 'server.log');
  const out = openSync(logFile, 'w');
  // LOADTEST_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.LOADTEST_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: `file:${databaseFile}`, DASHBOARD_TOKEN: token },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  const exited = new Promise<number | null>((done) => child.on('close', done));
  // A store from before the latest migrations is migrated at start: minutes on 1,000,000 users.
  for (let waited = 0; waited < START_TIMEOUT_MS; waited += 100) {
    const ready = /Dashboard ready: (http:\/\/127\.0\.0\.1:\d+)\//.exec(readFileSync(logFile, 'utf8'));
    if (ready?.[1]) return { child, url: ready[1], logDir, exited };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start within ${START_TIMEOUT_MS / 60_000} minutes; see ${logFile}`);
}

interface Mix {
  counts: Record<string, number>;
  users: { identifier: string; env: string; ductape_user_id: string }[];
  /** Identifiers of the long histories this store holds. */
  longHistories: string[];
}

/** What the request mix draws from: user counts per environment, and real users from across the list. */
async function loadMix(url: string, headers: Record<string, string>): Promise<Mix> {
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as unknown;
  };
  const catalog = (await get('/api/catalog')) as {
    products: { tag: string; sessions: { tag: string; users: Record<string, number> }[] }[];
  };
  const counts = catalog.products.find((p) => p.tag === PRODUCT)?.sessions.find((s) => s.tag === SESSION)?.users;
  if (!counts) throw new Error(`no ${PRODUCT}/${SESSION} in the catalog`);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const users: Mix['users'] = [];
  for (let i = 0; i < 20; i++) {
    const page = 1 + Math.floor((i / 20) * Math.floor(total / 100));
    users.push(...((await get(`${USERS}?limit=100&page=${page}`)) as { users: Mix['users'] }).users);
  }
  const longHistories: string[] = [];
  for (const identifier of LONG_HISTORIES) {
    const response = await fetch(`${url}${USERS}/${encodeURIComponent(identifier)}`, { headers });
    await response.arrayBuffer();
    if (response.ok) longHistories.push(identifier);
  }
  return { counts: { '': total, ...counts }, users, longHistories };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** The kinds of request in the mix, reported apart. */
const KINDS = ['page', 'details', 'long history', 'lookup', 'catalog'] as const;
type Kind = (typeof KINDS)[number];

/**
 * One request of the mix: list pages (first and random, with and without env), details of
 * ordinary users, long histories (10,000 and 1,000 sessions, 2% of requests), lookups, catalog.
 */
function nextRequest(mix: Mix): { path: string; kind: Kind } {
  const roll = Math.random();
  if (roll < 0.6) {
    const env = Math.random() < 0.5 ? '' : pick(Object.keys(mix.counts).filter((name) => name !== ''));
    const limit = pick([20, 100]);
    const pages = Math.max(1, Math.ceil((mix.counts[env] ?? 0) / limit));
    const page = roll < 0.25 ? 1 : 1 + Math.floor(Math.random() * pages);
    const path = `${USERS}?page=${page}&limit=${limit}${env === '' ? '' : `&env=${encodeURIComponent(env)}`}`;
    return { path, kind: 'page' };
  }
  if (roll < 0.62 && mix.longHistories.length > 0) {
    return { path: `${USERS}/${encodeURIComponent(pick(mix.longHistories))}`, kind: 'long history' };
  }
  const user = pick(mix.users);
  if (roll < 0.88) {
    const env = Math.random() < 0.5 ? `?env=${encodeURIComponent(user.env)}` : '';
    return { path: `${USERS}/${encodeURIComponent(user.identifier)}${env}`, kind: 'details' };
  }
  if (roll < 0.95) return { path: `/api/users/${encodeURIComponent(user.ductape_user_id)}`, kind: 'lookup' };
  return { path: '/api/catalog', kind: 'catalog' };
}

interface SessionFigures {
  /** Answered or failed after the warm-up. */
  requests: number;
  /** Latencies (ms) of the answers within the measured window. */
  window: number[];
  /** The same, by kind of request. */
  windowByKind: Map<Kind, number[]>;
  /** Body bytes received within the measured window. */
  windowBytes: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssIdleMb: number;
  rssSamples: [seconds: number, mb: number][];
  /** CPU seconds used within the measured window by the server and by this process (autocannon). */
  serverCpuSeconds: number;
  clientCpuSeconds: number;
}

/** One load session: warm up, measure, go on to MIN_REQUESTS, stop, idle. */
async function loadSession(url: string, headers: Record<string, string>, mix: Mix, pid: number) {
  const started = performance.now();
  const at = () => (performance.now() - started) / 1000;
  const windowEnd = WARM_UP_SECONDS + DURATION_SECONDS;
  const figures: SessionFigures = {
    requests: 0,
    window: [],
    windowByKind: new Map(KINDS.map((kind) => [kind, []])),
    windowBytes: 0,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    rssBeforeMb: 0,
    rssAfterMb: 0,
    rssIdleMb: 0,
    rssSamples: [],
    serverCpuSeconds: NaN,
    clientCpuSeconds: NaN,
  };
  const load = autocannon({
    url,
    connections: CONNECTIONS,
    duration: GIVE_UP_SECONDS,
    timeout: 10,
    headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const next = nextRequest(mix);
          context.kind = next.kind;
          return { ...request, path: next.path };
        },
        // Called just before the 'response' event of the same answer: it names the answer's kind.
        onResponse: (_status, _body, context) => {
          answeredKind = context.kind as Kind | undefined;
        },
      },
    ],
  });
  let answeredKind: Kind | undefined;
  load.on('response', (_client, statusCode, bytes, ms) => {
    const t = at();
    if (statusCode < 200 || statusCode > 299) figures.non2xx += 1;
    if (t < WARM_UP_SECONDS) return;
    figures.requests += 1;
    if (t < windowEnd) {
      figures.window.push(ms);
      figures.windowBytes += bytes;
      if (answeredKind !== undefined) figures.windowByKind.get(answeredKind)?.push(ms);
    }
  });
  load.on('reqError', (error) => {
    figures.errors += 1;
    if (/timed out/.test(error.message)) figures.timeouts += 1;
    if (at() >= WARM_UP_SECONDS) figures.requests += 1;
  });
  await sleep((WARM_UP_SECONDS - at()) * 1000);
  figures.rssBeforeMb = rssMb(pid);
  figures.rssSamples.push([Math.round(at()), figures.rssBeforeMb]);
  const serverCpuBefore = cpuSeconds(pid);
  const clientCpuBefore = process.cpuUsage();
  process.stdout.write(`Warmed up; measuring ${DURATION_SECONDS} s, then on to ${MIN_REQUESTS} requests…\n`);
  while (at() < GIVE_UP_SECONDS && (at() < windowEnd || figures.requests < MIN_REQUESTS)) {
    // Up to the window's end exactly, then once a second while the run tops up its request count.
    await sleep(at() < windowEnd ? Math.min(1_000, (windowEnd - at()) * 1000) : 1_000);
    if (Number.isNaN(figures.serverCpuSeconds) && at() >= windowEnd) {
      figures.serverCpuSeconds = cpuSeconds(pid) - serverCpuBefore;
      const client = process.cpuUsage(clientCpuBefore);
      figures.clientCpuSeconds = (client.user + client.system) / 1e6;
    }
    const t = Math.round(at());
    if (t % 10 === 0 && figures.rssSamples.at(-1)?.[0] !== t) figures.rssSamples.push([t, rssMb(pid)]);
  }
  figures.rssAfterMb = rssMb(pid);
  load.stop();
  await load;
  await sleep(5_000);
  figures.rssIdleMb = rssMb(pid);
  return figures;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function prepareStore(): Promise<PreparedStore> {
  const cacheDir = join(ROOT, '.bench-cache');
  const copyOf = process.env.LOADTEST_DATABASE;
  if (copyOf !== undefined && copyOf !== '') {
    process.stdout.write(`Copying ${copyOf}…\n`);
    const store = copyLoadtestStore(copyOf, cacheDir);
    process.stdout.write(`Running on ${store.file} (${store.description}; removed after the run)\n`);
    return store;
  }
  const store = await ensureLoadtestStore(ROOT, cacheDir);
  process.stdout.write(
    store.reused ? `Reusing ${store.file}\n` : `Seeded ${store.file} in ${store.seedSeconds?.toFixed(1)} s\n`,
  );
  return store;
}

async function main(): Promise<number> {
  process.stdout.write(`Load test on ${machine()}\n`);
  const store = await prepareStore();
  try {
    return await measure(store);
  } finally {
    store.discard();
  }
}

function kindFigures(session: SessionFigures): KindFigures[] {
  return KINDS.map((kind) => {
    const sorted = [...(session.windowByKind.get(kind) ?? [])].sort((a, b) => a - b);
    return { kind, requests: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

function summary(f: LoadFigures): LoadtestFigures {
  return {
    measuredAt: new Date().toISOString(),
    users: f.users,
    connections: f.connections,
    durationSeconds: f.durationSeconds,
    rps: f.rps,
    p50: f.p50,
    p99: f.p99,
    errors: f.errors,
    timeouts: f.timeouts,
    non2xx: f.non2xx,
    serverCpuMsPerRequest: f.serverCpuMsPerRequest,
    loadAverage: f.loadAverage,
    loadAverageAfter: f.loadAverageAfter,
    passed: f.passed,
  };
}

async function measure(store: PreparedStore): Promise<number> {
  const token = randomBytes(24).toString('base64url');
  const headers = { Authorization: `Bearer ${token}`, 'Accept-Encoding': ACCEPT_ENCODING };
  const server = await startServer(store.file, token);
  const pid = server.child.pid as number;
  let keepLog = true;
  try {
    const mix = await loadMix(server.url, headers);
    process.stdout.write(
      `Server at ${server.url} (pid ${pid}); ${CONNECTIONS} connections, warming up for ${WARM_UP_SECONDS} s…\n`,
    );
    const loadAverage = loadavg()[0] ?? NaN;
    const session = await loadSession(server.url, headers, mix, pid);
    const loadAverageAfter = loadavg()[0] ?? NaN;
    server.child.kill('SIGTERM');
    const exitCode = await server.exited;
    const latencies = [...session.window].sort((a, b) => a - b);
    const figures: LoadFigures = {
      date: new Date().toISOString().slice(0, 10),
      users: mix.counts[''] ?? NaN,
      store: store.description,
      acceptEncoding: ACCEPT_ENCODING,
      connections: CONNECTIONS,
      warmUpSeconds: WARM_UP_SECONDS,
      durationSeconds: DURATION_SECONDS,
      requests: session.requests,
      windowRequests: latencies.length,
      rps: latencies.length / DURATION_SECONDS,
      mbPerSecond: session.windowBytes / DURATION_SECONDS / 1e6,
      serverCpuMsPerRequest: (session.serverCpuSeconds * 1000) / latencies.length,
      clientCpuMsPerRequest: (session.clientCpuSeconds * 1000) / latencies.length,
      kinds: kindFigures(session),
      p50: percentile(latencies, 50),
      p97_5: percentile(latencies, 97.5),
      p99: percentile(latencies, 99),
      maxLatency: latencies.at(-1) ?? NaN,
      errors: session.errors,
      timeouts: session.timeouts,
      non2xx: session.non2xx,
      rssBeforeMb: session.rssBeforeMb,
      rssAfterMb: session.rssAfterMb,
      rssIdleMb: session.rssIdleMb,
      rssSamples: session.rssSamples,
      loadAverage,
      loadAverageAfter,
      exitCode,
      passed: true,
      failures: [],
    };
    if (figures.errors > 0) figures.failures.push(`${figures.errors} errors`);
    if (figures.timeouts > 0) figures.failures.push(`${figures.timeouts} timeouts`);
    if (figures.non2xx > 0) figures.failures.push(`${figures.non2xx} non-2xx answers`);
    if (figures.requests < MIN_REQUESTS) figures.failures.push(`only ${figures.requests} requests`);
    if (figures.rssAfterMb > figures.rssBeforeMb * (1 + RSS_GROWTH_LIMIT)) {
      figures.failures.push(`RSS grew more than ${RSS_GROWTH_LIMIT * 100}%`);
    }
    if (exitCode !== 0) figures.failures.push(`the server exited ${exitCode} on SIGTERM`);
    figures.passed = figures.failures.length === 0;

    printTable(figureRows(figures));
    updateReliabilityDoc(join(ROOT, 'docs', 'reliability.md'), figures);
    // LOADTEST_FIGURES=path: the figures as JSON too, for `npm run bench:issue-13`.
    if (process.env.LOADTEST_FIGURES) writeFileSync(process.env.LOADTEST_FIGURES, JSON.stringify(summary(figures)));
    process.stdout.write('Wrote the figures into docs/reliability.md.\n');
    keepLog = !figures.passed;
    if (keepLog) process.stdout.write(`Server log kept in ${server.logDir}\n`);
    return figures.passed ? 0 : 1;
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    if (!keepLog) rmSync(server.logDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Load test failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
