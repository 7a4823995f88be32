import { constants, copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countSessions } from './count-sessions.ts';
import { loadDemoInto } from '../server/demo/load-demo.ts';
import type { DashboardStore } from '../server/store/dashboard-store.ts';
import { openStore } from '../server/store-setup.ts';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.ts';
import { fetchUserDetailsCases, fetchUsersCases, type ApiCase } from './api-cases.ts';
import { benchHttp, type HttpTiming } from './api-bench.ts';
import { CACHE_DIR, PRODUCT, SESSION } from './bench-config.ts';
import { benchImport, exportFileOf, type ImportBenchResult } from './import-bench.ts';
import { ingestOverHttp, type IngestRun } from './ingest-bench.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { replaceSection } from './report-sections.ts';
import { copyDatabase, databaseOf, dropDatabase, ident, withAdmin, withDatabase } from './pg-databases.ts';
import { startBenchServer } from './server-process.ts';
import { BENCH_LAYOUT, BENCH_SEED, BENCH_USERS, ensureBenchStore } from './store-cache.ts';
import { timeRuns, type Summary } from './stats.ts';

/**
 * `npm run bench -- --store postgres [--postgres-url URL] [--users N] [--only reads,ingest,import]`
 * (or `tsx bench/store-compare.ts …`): SQLite and PostgreSQL side by side on the same generated
 * data (single-session layout, seed 42), over HTTP to the real server (bench/serve.ts), written
 * into docs/benchmarks.md ("Two stores side by side").
 *
 * - Stores are reused, never re-seeded while they hold data: SQLite is the cached benchmark store
 *   (bench/store-cache.ts) at 1,000,000 users, else `.bench-cache/compare-N.db`; PostgreSQL is the
 *   database that --postgres-url (or BENCH_POSTGRES_URL) names, seeded by this script only when
 *   empty (its seed time is kept as the database's comment), else a throwaway durable server.
 * - Reads: every fetchUsers case (page 1, middle, last; with and without env; 20 and 100 a page)
 *   and fetchUserDetails of 10, 1,000 and 10,000 sessions, over HTTP with the page cache off.
 * - Ingest: batches of 1, 100 and 1,000 over HTTP into a copy (a reflinked file; a database made
 *   from the reused one as TEMPLATE), so the reused stores are never written.
 * - Import: `npm run import` of the SQLite store's export (NDJSON) into an empty store of each kind.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: String(BENCH_USERS) },
    'postgres-url': { type: 'string' },
    only: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const PARTS = ['reads', 'ingest', 'import'] as const;
type Part = (typeof PARTS)[number];
const only = (values.only?.split(',').map((part) => part.trim()) ?? PARTS) as Part[];
const unknown = only.filter((part) => !PARTS.includes(part));
if (!Number.isSafeInteger(USERS) || USERS < 1) throw new Error(`--users takes a positive whole number`);
if (unknown.length > 0) throw new Error(`--only takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`);
const REPORT = 'docs/benchmarks.md';
const SECTION = USERS === BENCH_USERS ? 'store-compare' : `store-compare-${USERS}`;
const READ_PORT = 43301;
const INGEST_PORT = 43302;
const STORE_CALL_RUNS = 100;

interface StoreFigures {
  name: 'SQLite' | 'PostgreSQL';
  users: number;
  sessions: number;
  seedSeconds: number | undefined;
  sizeGb: number;
  reads?: { label: string; http: HttpTiming; store: Summary }[];
  ingest?: IngestRun[];
  imported?: ImportBenchResult;
  loadBefore: number;
  loadAfter: number;
}

interface Seeded {
  seedSeconds: number | undefined;
}

const log = (line: string) => console.log(`\n▶ ${line}`);

/** The SQLite store of USERS users: the cached benchmark store, or one seeded here and kept. */
async function sqliteStore(): Promise<{ path: string } & Seeded> {
  if (USERS === BENCH_USERS) {
    const store = await ensureBenchStore();
    return { path: store.path, seedSeconds: store.seedSeconds };
  }
  const path = resolve(CACHE_DIR, `compare-${USERS}.db`);
  const record = `${path}.seed.json`;
  if (existsSync(path) && existsSync(record)) return { path, ...(JSON.parse(readFileSync(record, 'utf8')) as Seeded) };
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const seedSeconds = await seedInto(`file:${path}`);
  writeFileSync(record, JSON.stringify({ seedSeconds }));
  return { path, seedSeconds };
}

/** Seeds an empty store as `npm run seed -- --users N --seed 42 --layout single-session` does. */
async function seedInto(url: string): Promise<number> {
  log(`Seeding ${USERS.toLocaleString('en-US')} users into ${url.replace(/:[^:@/]*@/, '@')}`);
  const store = await openStore(url, {}, {});
  try {
    const started = performance.now();
    await loadDemoInto(store, { users: USERS, seed: BENCH_SEED, layout: BENCH_LAYOUT });
    return (performance.now() - started) / 1000;
  } finally {
    await store.close();
  }
}

/** The PostgreSQL database of USERS users: seeded here (and its seed time noted) only when empty. */
async function postgresStore(url: string): Promise<Seeded> {
  const store = await openStore(url, { pageCacheSize: 0 }, {});
  const empty = await store.isEmpty().finally(() => store.close());
  const database = databaseOf(url);
  if (empty) {
    const seedSeconds = await seedInto(url);
    await withAdmin(url, (sql) =>
      sql.unsafe(`COMMENT ON DATABASE ${ident(database)} IS '${JSON.stringify({ users: USERS, seedSeconds })}'`),
    );
    return { seedSeconds };
  }
  const [row] = await withAdmin(
    url,
    (sql) => sql<{ comment: string | null }[]>`
      SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ${database}`,
  );
  try {
    return { seedSeconds: (JSON.parse(row?.comment ?? '{}') as Seeded).seedSeconds };
  } catch {
    return { seedSeconds: undefined };
  }
}

function callStore(store: DashboardStore, apiCase: ApiCase): Promise<unknown> {
  const scope = { product: PRODUCT, session: SESSION };
  if (apiCase.users) return store.fetchUsers({ ...scope, ...apiCase.users });
  if (apiCase.details) return store.fetchUserDetails({ ...scope, ...apiCase.details });
  throw new Error(`Nothing to call for ${apiCase.label}`);
}

/** Users, sessions and the reads: HTTP to the real server, then the bare store calls (page cache off). */
async function measureReads(name: string, url: string): Promise<Pick<StoreFigures, 'reads' | 'users' | 'sessions'>> {
  const store = await openStore(url, { pageCacheSize: 0 }, {});
  let cases: ApiCase[];
  let users: number;
  try {
    cases = [...fetchUsersCases(await store.catalog()), ...fetchUserDetailsCases()];
    users = await store.countUsers();
  } finally {
    await store.close();
  }
  const sessions = await countSessions(url);
  if (!only.includes('reads')) return { users, sessions };
  log(`${name}: reads over HTTP (page cache off)`);
  const server = await startBenchServer(READ_PORT, { pageCache: false, databaseUrl: url });
  let http: Map<string, HttpTiming>;
  try {
    http = await benchHttp(server.url, server.token, cases);
  } finally {
    await server.stop();
  }
  log(`${name}: the same reads as bare store calls`);
  const again = await openStore(url, { pageCacheSize: 0 }, {});
  const reads: NonNullable<StoreFigures['reads']> = [];
  try {
    while ((await again.warmPageAnchors(1_000)) === 'more');
    for (const apiCase of cases) {
      const runs = apiCase.details?.identifier.startsWith('heavy') ? 30 : STORE_CALL_RUNS;
      const storeTime = await timeRuns(runs, 10, () => callStore(again, apiCase));
      reads.push({ label: apiCase.label, http: http.get(apiCase.label) as HttpTiming, store: storeTime });
    }
  } finally {
    await again.close();
  }
  return { reads, users, sessions };
}

async function sqliteFigures(): Promise<StoreFigures> {
  const loadBefore = currentLoad();
  const { path, seedSeconds } = await sqliteStore();
  const sizeGb = statSync(path).size / 1024 ** 3;
  const figures: StoreFigures = {
    name: 'SQLite',
    seedSeconds,
    sizeGb,
    ...(await measureReads('SQLite', `file:${path}`)),
    loadBefore,
    loadAfter: 0,
  };
  if (only.includes('ingest')) {
    log('SQLite: ingest over HTTP into a copy of the store');
    const copy = resolve(CACHE_DIR, 'store-compare-ingest.db');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
    copyFileSync(path, copy, constants.COPYFILE_FICLONE);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`, constants.COPYFILE_FICLONE);
    try {
      figures.ingest = await ingestOverHttp(`file:${copy}`, { port: INGEST_PORT, log });
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${copy}${suffix}`, { force: true });
    }
  }
  if (only.includes('import')) {
    log('SQLite: npm run import of the store export into an empty store');
    figures.imported = await benchImport(await exportFileOf(path), log);
  }
  figures.loadAfter = currentLoad();
  return figures;
}

async function postgresFigures(url: string, sqlitePath: string): Promise<StoreFigures> {
  const loadBefore = currentLoad();
  const { seedSeconds } = await postgresStore(url);
  const [size] = await withAdmin(
    url,
    (sql) => sql<{ bytes: string }[]>`SELECT pg_database_size(${databaseOf(url)})::text AS bytes`,
  );
  const figures: StoreFigures = {
    name: 'PostgreSQL',
    seedSeconds,
    sizeGb: Number(size?.bytes ?? 0) / 1024 ** 3,
    ...(await measureReads('PostgreSQL', url)),
    loadBefore,
    loadAfter: 0,
  };
  if (only.includes('ingest')) {
    log('PostgreSQL: ingest over HTTP into a copy of the database (CREATE DATABASE … TEMPLATE)');
    const copy = await copyDatabase(url, 'store_compare_ingest', log);
    try {
      figures.ingest = await ingestOverHttp(copy, { port: INGEST_PORT, log });
    } finally {
      await dropDatabase(url, 'store_compare_ingest');
    }
  }
  if (only.includes('import')) {
    log('PostgreSQL: npm run import of the same export into an empty database');
    await dropDatabase(url, 'store_compare_import');
    await withAdmin(url, (sql) => sql.unsafe('CREATE DATABASE store_compare_import'));
    try {
      figures.imported = await benchImport(
        await exportFileOf(sqlitePath),
        log,
        withDatabase(url, 'store_compare_import'),
      );
    } finally {
      await dropDatabase(url, 'store_compare_import');
    }
  }
  figures.loadAfter = currentLoad();
  return figures;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const int = (value: number) => Math.round(value).toLocaleString('en-US');

function render(rows: StoreFigures[], machine: ReturnType<typeof describeMachine>): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const each = (cell: (row: StoreFigures) => string) => rows.map(cell);
  const target = (label: string) => {
    if (label.includes('10,000 sessions')) return '≤ 40 ms';
    return label.includes('sessions') ? '' : '≤ 5 ms';
  };
  const labels = rows.find((row) => row.reads)?.reads?.map((read) => read.label) ?? [];
  const out = [
    `## Two stores side by side${USERS === BENCH_USERS ? '' : `, ${int(USERS)} users`} (issue 11: PostgreSQL store)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16)}Z by \`npm run bench -- --store postgres${USERS === BENCH_USERS ? '' : ` --users ${USERS}`}\``,
    `(bench/store-compare.ts) on ${machine.cpu} (${machine.cores} cores, shared), Node ${machine.node}: the same`,
    'generated data (single-session layout, seed 42) in each store, reused (never re-seeded while it holds data).',
    'SQLite with `synchronous=FULL`, PostgreSQL 15 with its durable defaults (fsync on, `synchronous_commit=on`):',
    'a `200` is on disk. Reads over HTTP to the real server (one client, keep-alive, page cache off, so every',
    'request runs its queries), then the same calls in process; median (p95) in milliseconds. Ingest and import',
    'write to copies, never to the reused stores.',
    '',
    line(['measure', 'target', ...each((row) => row.name)]),
    line(['---', '---', ...each(() => '---')]),
    line(['users / sessions in the store', '', ...each((row) => `${int(row.users)} / ${int(row.sessions)}`)]),
    line([
      'seed (`npm run seed`, bulk load)',
      '',
      ...each((row) => (row.seedSeconds === undefined ? 'not recorded' : `${(row.seedSeconds / 60).toFixed(1)} min`)),
    ]),
    line(['size on disk', '', ...each((row) => `${row.sizeGb.toFixed(2)} GB`)]),
    ...labels.map((label) =>
      line([
        `${label.includes('sessions') ? 'fetchUserDetails' : 'fetchUsers'}, ${label}, HTTP`,
        target(label),
        ...each((row) => {
          const read = row.reads?.find((r) => r.label === label);
          return read === undefined ? '–' : `${fmt(read.http.http.median)} (${fmt(read.http.http.p95)})`;
        }),
      ]),
    ),
    ...labels.map((label) =>
      line([
        `${label.includes('sessions') ? 'fetchUserDetails' : 'fetchUsers'}, ${label}, store call`,
        '',
        ...each((row) => {
          const read = row.reads?.find((r) => r.label === label);
          return read === undefined ? '–' : `${fmt(read.store.median)} (${fmt(read.store.p95)})`;
        }),
      ]),
    ),
    ...[1, 100, 1_000].map((size) =>
      line([
        `ingest over HTTP, batches of ${int(size)}: records/s (median ms a batch; records per server CPU s)`,
        size === 1_000 ? '≥ 20,000 records/s' : '',
        ...each((row) => {
          const run = row.ingest?.find((r) => r.batchSize === size);
          return run === undefined
            ? '–'
            : `${int(run.recordsPerSecond)} (${fmt(run.batchMs.median)} ms; ${int(run.recordsPerCpuSecond)})`;
        }),
      ]),
    ),
    line([
      '`npm run import` of the 1M export into an empty store (users, sessions; peak RSS)',
      '≤ 5 min',
      ...each((row) =>
        row.imported === undefined
          ? '–'
          : `${(row.imported.seconds / 60).toFixed(1)} min (${int(row.imported.users)}, ${int(row.imported.sessions)}; ${row.imported.peakRssMb} MB; exit ${row.imported.exitCode})`,
      ),
    ]),
    line([
      'load average (1 min) before → after',
      '',
      ...each((row) => `${row.loadBefore.toFixed(2)} → ${row.loadAfter.toFixed(2)}`),
    ]),
  ];
  return out.join('\n');
}

const machine = describeMachine();
let pgUrl = values['postgres-url'] ?? process.env.BENCH_POSTGRES_URL;
let stopPg: (() => void) | undefined;
if (pgUrl === undefined) {
  const port = process.env.PG_PORT === undefined ? undefined : Number(process.env.PG_PORT);
  const server = await startThrowawayPostgres({ port, durable: true });
  stopPg = () => server.stop();
  process.once('exit', stopPg);
  pgUrl = withDatabase(server.url, 'bench');
  await withAdmin(pgUrl, (sql) => sql.unsafe('CREATE DATABASE bench'));
}
try {
  const sqlite = await sqliteFigures();
  const { path: sqlitePath } = await sqliteStore();
  const rows = [sqlite, await postgresFigures(pgUrl, sqlitePath)];
  const section = render(rows, machine);
  console.log(`\n${section}`);
  if (!values['dry-run']) {
    writeFileSync(REPORT, replaceSection(readFileSync(REPORT, 'utf8'), SECTION, section));
    console.log(`Wrote the "${SECTION}" section of ${REPORT}.`);
  }
} finally {
  stopPg?.();
}
