import { spawn } from 'node:child_process';
import {
  constants,
  copyFileSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { countSessions } from './count-sessions.ts';
import { THOUSAND_SESSIONS_USER } from '../server/demo/showcase.ts';
import { BENCH_TOKEN, CACHE_DIR, PRODUCT, SESSION } from './bench-config.ts';
import { createHttpClient } from './http-client.ts';
import { ingestOverHttp } from './ingest-bench.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { replaceSection } from './report-sections.ts';
import { BROAD_TERM, SELECTIVE_TERM } from './search-bench.ts';
import { startBenchServer } from './server-process.ts';
import { summarize, type Summary } from './stats.ts';
import { BENCH_LAYOUT, BENCH_SEED, ensureBenchStore } from './store-cache.ts';

/**
 * `npm run bench:scaling [-- --postgres-url URL]`: how cost grows from 100,000 to 1,000,000 users on
 * both stores, written into docs/scaling.md (its `scaling-measured` section). The 1M stores are the
 * cached ones (SQLite: bench/store-cache.ts; PostgreSQL: the database the URL names, read only, with
 * `<name>_template` copied for the ingest row); the 100,000-user stores are seeded once
 * (`.bench-cache/scaling-100000.db`, database `scaling_100000` on the same PostgreSQL server) and reused.
 * Reads go over HTTP to the real server with its page cache off; every request carries a parameter
 * the API ignores, so no kept answer serves it.
 */
const { values } = parseArgs({
  options: { 'postgres-url': { type: 'string' } },
});
const PG_URL =
  values['postgres-url'] ?? process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:43399/bench1m';
const SMALL = 100_000;
const PORT = Number(process.env.BENCH_PORT ?? 43210);
const REPORT = 'docs/scaling.md';
const USERS_PATH = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
const log = (line: string) => console.log(`\n▶ ${line}`);

interface Measured {
  store: 'SQLite' | 'PostgreSQL';
  users: number;
  sessions: number;
  sizeGb: number;
  reads: Map<string, Summary>;
  /** Undefined when the run failed (`ingestError` says why): the other rows are still written. */
  ingest1000?: { recordsPerSecond: number; batchMs: Summary };
  ingestError?: string;
  loadBefore: number;
  loadAfter: number;
}

const withDatabase = (url: string, database: string) => {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.href;
};
const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function admin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(withDatabase(PG_URL, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

function seed(databaseUrl: string, users: number): Promise<void> {
  const args = ['run', 'seed', '--', '--users', String(users), '--seed', String(BENCH_SEED), '--layout', BENCH_LAYOUT];
  return new Promise((done, fail) => {
    const child = spawn('npm', args, { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`npm run seed exited with ${code}`))));
  });
}

/** The 100,000-user SQLite store: seeded once into .bench-cache and reused. */
async function smallSqlite(): Promise<string> {
  const path = resolve(CACHE_DIR, `scaling-${SMALL}.db`);
  if (existsSync(path) && existsSync(path.replace(/\.db$/, '.json'))) return path;
  const partial = resolve(CACHE_DIR, `seeding-scaling-${SMALL}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  log(`Seeding ${SMALL.toLocaleString('en-US')} users into ${partial}`);
  const started = performance.now();
  await seed(`file:${partial}`, SMALL);
  renameSync(partial, path);
  const seedSeconds = (performance.now() - started) / 1000;
  writeFileSync(path.replace(/\.db$/, '.json'), JSON.stringify({ users: SMALL, seedSeconds }));
  return path;
}

/** The 100,000-user PostgreSQL database on the same server: created and seeded once, then reused. */
async function smallPostgres(): Promise<string> {
  const name = `scaling_${SMALL}`;
  const exists = await admin((sql) => sql`SELECT 1 FROM pg_database WHERE datname = ${name}`);
  const url = withDatabase(PG_URL, name);
  if (exists.length > 0) return url;
  await admin((sql) => sql.unsafe(`CREATE DATABASE ${ident(name)}`));
  log(`Seeding ${SMALL.toLocaleString('en-US')} users into PostgreSQL ${name}`);
  await seed(url, SMALL);
  return url;
}

async function sizeGb(url: string): Promise<number> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
    return (statSync(path).size + wal) / 1024 ** 3;
  }
  const [row] = await admin(
    (sql) => sql<{ bytes: string }[]>`SELECT pg_database_size(${databaseOf(url)})::text AS bytes`,
  );
  return Number(row?.bytes ?? 0) / 1024 ** 3;
}

/** The reads, each with its number of runs (fewer for the slow ones). */
function readCases(lastPage: number): [string, string, number][] {
  return [
    ['fetchUsers, page 1 (20 a page, all environments)', `${USERS_PATH}?limit=20`, 60],
    [`fetchUsers, last page (20 a page, all environments)`, `${USERS_PATH}?limit=20&page=${lastPage}`, 60],
    ['fetchUserDetails, 1,000 sessions', `${USERS_PATH}/${encodeURIComponent(THOUSAND_SESSIONS_USER)}`, 40],
    [`search, selective \`${SELECTIVE_TERM}\``, `${USERS_PATH}?q=${SELECTIVE_TERM}`, 40],
    [`search, broad \`${BROAD_TERM}\``, `${USERS_PATH}?q=${BROAD_TERM}`, 15],
    ['overview, 90 days, all environments', `/api/products/${PRODUCT}/sessions/${SESSION}/overview?days=90`, 40],
  ];
}

async function measureReads(databaseUrl: string): Promise<{ reads: Map<string, Summary>; users: number }> {
  const server = await startBenchServer(PORT, { pageCache: false, databaseUrl });
  const client = createHttpClient(server.url, BENCH_TOKEN);
  try {
    const first = await fetch(`${server.url}${USERS_PATH}?limit=20`, {
      headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
    });
    const page = (await first.json()) as { total: number; totalPages: number };
    const reads = new Map<string, Summary>();
    let unique = 0;
    const get = async (path: string) => {
      const answer = await client.get(`${path}${path.includes('?') ? '&' : '?'}bench=${unique++}`);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
    };
    const cases = readCases(page.totalPages);
    // Every case a few times first: a store just copied or opened is read from disk, not memory.
    for (let pass = 0; pass < 3; pass++) for (const [, path] of cases) await get(path);
    for (const [label, path, runs] of cases) {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await get(path);
        samples.push(performance.now() - started);
      }
      reads.set(label, summarize(samples));
      console.log(`${label}: median ${summarize(samples).median.toFixed(2)} ms`);
    }
    return { reads, users: page.total };
  } finally {
    client.close();
    await server.stop();
  }
}

/** Ingest (batches of 1, 100 and 1,000; the 1,000 row is reported) into a copy, never the reused store. */
async function ingestIntoCopy(databaseUrl: string, templateName: string): Promise<NonNullable<Measured['ingest1000']>> {
  let copy: string;
  let drop: () => Promise<void>;
  if (databaseUrl.startsWith('file:')) {
    const path = databaseUrl.slice('file:'.length);
    const target = resolve(CACHE_DIR, 'scaling-ingest.db');
    const remove = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    };
    remove();
    copyFileSync(path, target, constants.COPYFILE_FICLONE);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${target}-wal`, constants.COPYFILE_FICLONE);
    copy = `file:${target}`;
    drop = async () => remove();
  } else {
    await admin(async (sql) => {
      await sql.unsafe('DROP DATABASE IF EXISTS scaling_ingest WITH (FORCE)');
      await sql.unsafe(`CREATE DATABASE scaling_ingest TEMPLATE ${ident(templateName)}`);
    });
    copy = withDatabase(PG_URL, 'scaling_ingest');
    drop = () => admin((sql) => sql.unsafe('DROP DATABASE IF EXISTS scaling_ingest WITH (FORCE)')).then(() => {});
  }
  try {
    const runs = await ingestOverHttp(copy, { port: PORT + 1, log });
    const run = runs.find((r) => r.batchSize === 1_000);
    if (!run) throw new Error('No ingest run of 1,000-record batches');
    return { recordsPerSecond: run.recordsPerSecond, batchMs: run.batchMs };
  } finally {
    await drop();
  }
}

async function measure(store: Measured['store'], databaseUrl: string, templateName: string): Promise<Measured> {
  const loadBefore = currentLoad();
  log(
    `${store}, ${databaseUrl.startsWith('file:') ? databaseUrl : databaseOf(databaseUrl)}: reads (load ${loadBefore.toFixed(2)})`,
  );
  const { reads, users } = await measureReads(databaseUrl);
  const sessions = await countSessions(databaseUrl);
  const size = await sizeGb(databaseUrl);
  log(`${store}: ingest into a copy`);
  const measured: Measured = { store, users, sessions, sizeGb: size, reads, loadBefore, loadAfter: 0 };
  try {
    measured.ingest1000 = await ingestIntoCopy(databaseUrl, templateName);
  } catch (error) {
    measured.ingestError = error instanceof Error ? `${error.message} (${String(error.cause ?? '')})` : String(error);
    console.error(`${store}: ingest failed: ${measured.ingestError}`);
  }
  measured.loadAfter = currentLoad();
  return measured;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const times = (small: number, large: number) =>
  Number.isFinite(small) && Number.isFinite(large) ? `${(large / small).toFixed(1)}×` : '–';
const ingestCell = (m: Measured): [string, number] =>
  m.ingest1000 === undefined
    ? [`failed: ${m.ingestError ?? 'unknown'}`, Number.NaN]
    : [`${int(m.ingest1000.recordsPerSecond)} (${fmt(m.ingest1000.batchMs.median)})`, m.ingest1000.batchMs.median];

function render(rows: Measured[], started: string): string {
  const [sqliteSmall, sqliteLarge, pgSmall, pgLarge] = rows as [Measured, Measured, Measured, Measured];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const pair = (small: Measured, large: Measured, cell: (m: Measured) => [string, number]) => {
    const [a, x] = cell(small);
    const [b, y] = cell(large);
    return [a, b, times(x, y)];
  };
  const read =
    (label: string) =>
    (m: Measured): [string, number] => {
      const summary = m.reads.get(label) as Summary;
      return [`${fmt(summary.median)} (${fmt(summary.p95)})`, summary.median];
    };
  const labels = [...sqliteSmall.reads.keys()];
  const machine = describeMachine();
  return [
    `Measured ${started.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:scaling\` (bench/scaling.ts) on ${machine.cpu} (${machine.cores} cores, shared), Node ${machine.node}. The same generated data at both sizes (\`npm run seed -- --users N --seed 42 --layout single-session\`): the real server in its own process, page cache off, one request at a time over loopback, each request a first request; median (p95) in ms. Ingest: batches of 1,000 records over HTTP into a copy of each store, acknowledged on disk (SQLite \`synchronous=FULL\`, PostgreSQL \`synchronous_commit=on\`). "×" is the 1M figure over the 100k one.`,
    '',
    line(['measure', 'SQLite 100k', 'SQLite 1M', '×', 'PostgreSQL 100k', 'PostgreSQL 1M', '×']),
    line(['---', '---', '---', '---', '---', '---', '---']),
    line([
      'users / sessions',
      ...pair(sqliteSmall, sqliteLarge, (m) => [`${int(m.users)} / ${int(m.sessions)}`, m.sessions]),
      ...pair(pgSmall, pgLarge, (m) => [`${int(m.users)} / ${int(m.sessions)}`, m.sessions]),
    ]),
    ...labels.map((label) =>
      line([label, ...pair(sqliteSmall, sqliteLarge, read(label)), ...pair(pgSmall, pgLarge, read(label))]),
    ),
    line([
      'ingest, batches of 1,000: records/s (median ms a batch)',
      ...pair(sqliteSmall, sqliteLarge, ingestCell),
      ...pair(pgSmall, pgLarge, ingestCell),
    ]),
    line([
      'store size on disk',
      ...pair(sqliteSmall, sqliteLarge, (m) => [`${m.sizeGb.toFixed(2)} GB`, m.sizeGb]),
      ...pair(pgSmall, pgLarge, (m) => [`${m.sizeGb.toFixed(2)} GB`, m.sizeGb]),
    ]),
    line([
      'load average (1 min) before → after',
      ...[sqliteSmall, sqliteLarge].map((m) => `${m.loadBefore.toFixed(2)} → ${m.loadAfter.toFixed(2)}`),
      '',
      ...[pgSmall, pgLarge].map((m) => `${m.loadBefore.toFixed(2)} → ${m.loadAfter.toFixed(2)}`),
      '',
    ]),
    '',
    tenMillion(sqliteLarge, pgLarge),
  ].join('\n');
}

/** 10,000,000 users: what the disk allows, from the measured size per million users. */
function tenMillion(sqlite: Measured, pg: Measured): string {
  const perMillion = (m: Measured) => m.sizeGb / (m.users / 1_000_000);
  const need = 10 * (perMillion(sqlite) + perMillion(pg));
  const freeGb = freeDiskGb();
  return (
    `**10,000,000 users: not measured.** At the measured size per million users (SQLite ${perMillion(sqlite).toFixed(2)} GB, ` +
    `PostgreSQL ${perMillion(pg).toFixed(2)} GB) the two stores need about ${need.toFixed(0)} GB ` +
    `(${(10 * perMillion(sqlite)).toFixed(0)} + ${(10 * perMillion(pg)).toFixed(0)} GB, before copies for the ingest row), ` +
    `and this disk has ${freeGb.toFixed(0)} GB free (shared by six people). ` +
    `Only SQLite would fit, and seeding it would take about ten times the 1M seed (about 50 minutes), more than the time this session had.`
  );
}

function freeDiskGb(): number {
  const stats = statfsSync(CACHE_DIR);
  return (stats.bavail * stats.bsize) / 1024 ** 3;
}

const started = new Date().toISOString();
const sqliteLarge = await ensureBenchStore();
const rows = [
  await measure('SQLite', `file:${await smallSqlite()}`, ''),
  await measure('SQLite', `file:${sqliteLarge.path}`, ''),
  await measure('PostgreSQL', await smallPostgres(), `scaling_${SMALL}`),
  await measure('PostgreSQL', PG_URL, `${databaseOf(PG_URL)}_template`),
];
const section = render(rows, started);
console.log(`\n${section}`);
writeFileSync(REPORT, replaceSection(readFileSync(REPORT, 'utf8'), 'scaling-measured', section));
console.log(`Wrote the "scaling-measured" section of ${REPORT}.`);
