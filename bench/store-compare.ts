import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import type { SessionRecord, UserDocument } from '../src/contract/ingest.ts';
import { loadDemoInto } from '../server/demo/load-demo.ts';
import { HEAVY_USER } from '../server/demo/showcase.ts';
import type { DashboardStore } from '../server/store/dashboard-store.ts';
import { openStore } from '../server/store-setup.ts';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.ts';
import { currentLoad } from './machine.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * `npm run bench -- --store postgres` (or `tsx bench/store-compare.ts`): the same generated data
 * (single-session layout, seed 42) in SQLite and in PostgreSQL, the same store calls timed on
 * both, written side by side into docs/benchmarks.md ("Two stores side by side"). PostgreSQL is a
 * throwaway server with its durable defaults (fsync on) unless --postgres-url names one.
 * --users N (default 1,000,000); --sqlite-url file:… reuses a seeded SQLite store.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    'sqlite-url': { type: 'string' },
    'postgres-url': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const USERS = Number(values.users);
const REPORT = 'docs/benchmarks.md';
const START = '<!-- store-compare:start -->';
const END = '<!-- store-compare:end -->';
const BASE = { product: 'my-product', session: 'user-session' };

interface StoreFigures {
  name: string;
  seedSeconds: number | undefined;
  users: number;
  pages: Record<string, Summary>;
  details: Summary;
  ingestRecordsPerSecond: number;
  importDocsPerSecond: number;
  load: number;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

function newRecords(batch: number, size: number): SessionRecord[] {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => ({
    product: BASE.product,
    session: BASE.session,
    env: 'production',
    identifier: `bench-${process.pid}-${batch}-${i}@example.com`,
    session_id: `bench-${process.pid}-${batch}-${i}`,
    start_at: new Date(now - 60_000).toISOString(),
    end_at: new Date(now + 3_600_000).toISOString(),
  }));
}

async function measure(name: string, url: string, seed: boolean): Promise<StoreFigures> {
  const store: DashboardStore = await openStore(url, { pageCacheSize: 0 }, {});
  try {
    let seedSeconds: number | undefined;
    if (seed && (await store.isEmpty())) {
      const started = performance.now();
      await loadDemoInto(store, { users: USERS, seed: 42, layout: 'single-session' });
      seedSeconds = (performance.now() - started) / 1000;
    }
    const users = await store.countUsers();
    // Anchors built first, as the server does in the background after start.
    while ((await store.warmPageAnchors(50)) === 'more');
    const first = await store.fetchUsers({ ...BASE, page: 1, limit: 20 });
    const last = first.totalPages;
    const pages: Record<string, Summary> = {};
    for (const [label, page] of [
      ['page 1', 1],
      ['middle page', Math.ceil(last / 2)],
      ['last page', last],
    ] as const) {
      pages[label] = await timed(50, () => store.fetchUsers({ ...BASE, page, limit: 20 }));
    }
    pages['page 1, env production'] = await timed(50, () =>
      store.fetchUsers({ ...BASE, env: 'production', page: 1, limit: 20 }),
    );
    const details = await timed(30, () => store.fetchUserDetails({ ...BASE, identifier: HEAVY_USER }));

    const batches = 20;
    const ingestStarted = performance.now();
    for (let b = 0; b < batches; b++) await store.ingest(newRecords(b, 1_000));
    const ingestRecordsPerSecond = (batches * 1_000) / ((performance.now() - ingestStarted) / 1000);

    // Import: 20,000 exported user documents into an empty store of the same kind, 2,000 per call.
    const docs: UserDocument[] = [];
    for await (const doc of store.exportUsers()) {
      if (doc.sessions.length > 100) continue;
      docs.push(doc);
      if (docs.length === 20_000) break;
    }
    const importDocsPerSecond = await importRate(name, docs);
    return {
      name,
      seedSeconds,
      users,
      pages,
      details,
      ingestRecordsPerSecond,
      importDocsPerSecond,
      load: currentLoad(),
    };
  } finally {
    await store.close();
  }
}

async function importRate(name: string, docs: readonly UserDocument[]): Promise<number> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (name === 'SQLite') {
    const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
    url = `file:${join(dir, 'import.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = postgres(pgUrl as string, { max: 1, onnotice: () => {} });
    await admin.unsafe('DROP DATABASE IF EXISTS import_bench');
    await admin.unsafe('CREATE DATABASE import_bench');
    await admin.end();
    const target = new URL(pgUrl as string);
    target.pathname = '/import_bench';
    url = target.href;
    cleanup = async () => {
      const again = postgres(pgUrl as string, { max: 1, onnotice: () => {} });
      await again.unsafe('DROP DATABASE IF EXISTS import_bench WITH (FORCE)');
      await again.end();
    };
  }
  const target = await openStore(url, {}, {});
  try {
    const started = performance.now();
    for (let i = 0; i < docs.length; i += 2_000) await target.importUsers(docs.slice(i, i + 2_000));
    return docs.length / ((performance.now() - started) / 1000);
  } finally {
    await target.close();
    await cleanup();
  }
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function render(rows: StoreFigures[]): string {
  const names = rows.map((row) => row.name);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    START,
    '## Two stores side by side (issue 11: PostgreSQL store)',
    '',
    `Measured ${new Date().toISOString()} by \`npm run bench -- --store postgres\` (bench/store-compare.ts):`,
    `the same generated data (single-session layout, seed 42) in each store; store calls timed in`,
    'process with the page cache off (the queries themselves); PostgreSQL 15 with its durable defaults on',
    'this machine. Medians (p95) in milliseconds.',
    '',
    line(['measure', 'target', ...names]),
    line(['---', '---', ...names.map(() => '---')]),
    line(['users in the store', '', ...rows.map((row) => row.users.toLocaleString('en-US'))]),
    line([
      'seed (bulk load, s)',
      '',
      ...rows.map((row) => (row.seedSeconds === undefined ? 'reused' : row.seedSeconds.toFixed(0))),
    ]),
    ...Object.keys(rows[0]?.pages ?? {}).map((label) =>
      line([
        `fetchUsers, ${label}`,
        '≤ 5 ms',
        ...rows.map((row) => `${fmt(row.pages[label]?.median ?? NaN)} (${fmt(row.pages[label]?.p95 ?? NaN)})`),
      ]),
    ),
    line([
      'fetchUserDetails, 10,000 sessions',
      '≤ 40 ms',
      ...rows.map((row) => `${fmt(row.details.median)} (${fmt(row.details.p95)})`),
    ]),
    line([
      'ingest, batches of 1,000 (records/s)',
      '≥ 20,000',
      ...rows.map((row) => Math.round(row.ingestRecordsPerSecond).toLocaleString('en-US')),
    ]),
    line([
      'import, 2,000 documents per call (documents/s)',
      '1M in ≤ 5 min = 3,334/s',
      ...rows.map((row) => Math.round(row.importDocsPerSecond).toLocaleString('en-US')),
    ]),
    line(['load average (1 min) after', '', ...rows.map((row) => row.load.toFixed(2))]),
    '',
    END,
  ];
  return out.join('\n');
}

let pgUrl = values['postgres-url'];
let stopPg: (() => void) | undefined;
if (pgUrl === undefined) {
  const port = process.env.PG_PORT === undefined ? undefined : Number(process.env.PG_PORT);
  const server = await startThrowawayPostgres({ port, durable: true });
  stopPg = () => server.stop();
  process.once('exit', stopPg);
  pgUrl = server.url;
}
const sqliteDir = mkdtempSync(join(tmpdir(), 'store-compare-'));
try {
  const rows = [
    await measure(
      'SQLite',
      values['sqlite-url'] ?? `file:${join(sqliteDir, 'store.db')}`,
      values['sqlite-url'] === undefined,
    ),
    await measure('PostgreSQL', pgUrl, true),
  ];
  const section = render(rows);
  console.log(section);
  if (!values['dry-run'] && existsSync(REPORT)) {
    const report = readFileSync(REPORT, 'utf8');
    const next = report.includes(START)
      ? report.slice(0, report.indexOf(START)) + section + report.slice(report.indexOf(END) + END.length)
      : `${report.trimEnd()}\n\n${section}\n`;
    writeFileSync(REPORT, next);
  }
} finally {
  rmSync(sqliteDir, { recursive: true, force: true });
  stopPg?.();
}
