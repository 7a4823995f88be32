import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apiCases, benchAnchors, benchHttp, benchStoreCalls, combineApiTimings } from './api-bench.ts';
import type { BrowserResults } from './browser/results.ts';
import { firstLoad, gzipSize, PAGES, readManifest } from './bundle.ts';
import { benchIngest } from './ingest-bench.ts';
import { readBudget, recordMeasurement } from './bundle-budget.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { BROWSER_RESULTS } from './bench-config.ts';
import { renderReport, type BenchReport, type BundleReport } from './report.ts';
import { mergeReport } from './report-merge.ts';
import { replaceSection } from './report-sections.ts';
import { startBenchServer, type BenchServer } from './server-process.ts';
import type { Summary } from './stats.ts';
import { ensureBenchStore } from './store-cache.ts';
import { mixedPaths, PAGE1_WORKLOAD, runThroughput, type ThroughputResult } from './throughput.ts';
import { runSearchSection } from './search-section.ts';

/**
 * `npm run bench`: build, get the 1,000,000-user store (cached), then measure the API (store
 * calls and HTTP), throughput, ingest, the browser path and the bundle; print the report and write it to
 * docs/benchmarks.md. `--only api,bundle` runs some sections.
 */
const SECTIONS = ['bundle', 'api', 'throughput', 'ingest', 'browser', 'search'] as const;
type Section = (typeof SECTIONS)[number];
const REPORT_FILE = 'docs/benchmarks.md';
/** BENCH_PORT moves the servers this runner starts (it uses this port and the next few). */
const API_PORT = Number(process.env.BENCH_PORT ?? 4390);
process.env.BENCH_BROWSER_PORT ??= String(API_PORT + 2);

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    store: { type: 'string' },
    'postgres-url': { type: 'string' },
    users: { type: 'string' },
  },
});
if (values.store !== undefined && values.store !== 'sqlite') {
  if (values.store !== 'postgres') throw new Error(`--store takes sqlite or postgres; not ${values.store}`);
  // Both stores side by side on the same data (bench/store-compare.ts), into docs/benchmarks.md.
  const passed = (['only', 'postgres-url', 'users'] as const).flatMap((name) =>
    values[name] === undefined ? [] : [`--${name}`, values[name]],
  );
  await run('npx', ['tsx', 'bench/store-compare.ts', ...passed]);
  process.exit(0);
}
const only = (values.only?.split(',').map((name) => name.trim()) ?? SECTIONS) as Section[];
const unknown = only.filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
const wants = (section: Section) => only.includes(section);

const started = performance.now();
const date = new Date().toISOString();
const machine = describeMachine();
const log = (line: string) => console.log(`\n▶ ${line}`);

log('Building the production app (npm run build)');
const buildStarted = performance.now();
await run('npm', ['run', 'build']);
const buildSeconds = (performance.now() - buildStarted) / 1000;

log('The benchmark store');
const store = await ensureBenchStore();
const report: BenchReport = {
  date,
  machine,
  sections: only,
  buildSeconds,
  store: { ...store, fileGb: Math.round((statSync(store.path).size / 1024 ** 3) * 100) / 100 },
  totalSeconds: 0,
};

if (wants('bundle')) {
  log('Bundle sizes');
  report.bundle = measureBundle();
  recordMeasurement(Math.round(report.bundle.users.jsGzipBytes / 100) / 10, date.slice(0, 10));
}

if (wants('api') || wants('throughput')) {
  const cases = await apiCases(store.path);
  const page1 = cases.find((c) => c.users?.page === 1 && c.users.env === undefined && c.users.limit === 20);
  if (!page1) throw new Error('No page 1 case');
  let storeTimes: Map<string, Summary> | undefined;
  if (wants('api')) {
    log('API: bare store calls (page cache off)');
    storeTimes = await benchStoreCalls(store.path, cases);
    const last = cases.find((c) => c.users && c.users.env === undefined && c.label.startsWith('last page'))?.users;
    report.anchors = await benchAnchors(store.path, { page: last?.page ?? 1, limit: last?.limit ?? 20 });
  }
  const throughput: ThroughputResult[] = [];
  // First the server with its page cache off (every request runs its queries), then as it runs by default.
  const uncached = await withServer(false, async (server) => {
    if (wants('throughput')) {
      log('Throughput, page cache off (autocannon, 50 connections)');
      throughput.push(await runThroughput(server.url, server.token, 'page 1, page cache off', [page1.path]));
    }
    if (!wants('api')) return undefined;
    log('API over HTTP, page cache off');
    return benchHttp(server.url, server.token, cases);
  });
  const cached = await withServer(true, async (server) => {
    if (wants('throughput')) {
      log('Throughput (autocannon, 50 connections)');
      throughput.push(await runThroughput(server.url, server.token, PAGE1_WORKLOAD, [page1.path]));
      throughput.push(
        await runThroughput(server.url, server.token, 'mix of pages and users', await mixedPaths(store.path)),
      );
    }
    if (!wants('api')) return undefined;
    log('API over HTTP (page cache on)');
    return benchHttp(server.url, server.token, cases);
  });
  if (storeTimes && uncached && cached) report.api = combineApiTimings(cases, storeTimes, uncached, cached);
  if (wants('throughput')) report.throughput = throughput;
}

if (wants('ingest')) {
  log('Ingest throughput (a copy of the store; batches of 1, 100, 1,000)');
  report.ingest = await benchIngest(store.path, { port: API_PORT + 1 });
}

if (wants('browser')) {
  log('Browser path (Playwright, Chromium)');
  rmSync(BROWSER_RESULTS, { force: true });
  await run('npx', ['playwright', 'test', '-c', 'bench/playwright.bench.config.ts']);
  report.browser = JSON.parse(readFileSync(BROWSER_RESULTS, 'utf8')) as BrowserResults;
}

let searchSection: string | undefined;
if (wants('search')) {
  log('Search, sort and overview over HTTP (issue 12), on each store');
  searchSection = await runSearchSection({
    store,
    port: API_PORT + 5,
    machine: describeMachine(),
    // The full browser run above includes the search step; alone, the section runs just that step.
    browser: report.browser?.steps.search ?? 'run',
    runPlaywright: (args) => run('npx', ['playwright', 'test', '-c', 'bench/playwright.bench.config.ts', ...args]),
  });
}

report.machine.loadAtEnd = currentLoad();
report.totalSeconds = (performance.now() - started) / 1000;
const previous = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : '';
// Only what this run measured is replaced: other sections, other commands' sections (npm run
// bench:compression) and hand-written text stay; `--only search` writes its section alone.
let markdown = only.every((section) => section === 'search') ? previous : mergeReport(previous, renderReport(report));
if (searchSection !== undefined) markdown = replaceSection(markdown, 'search', searchSection);
writeFileSync(REPORT_FILE, markdown);
console.log(`\n${markdown}`);
console.log(`Written to ${REPORT_FILE}.`);

async function withServer<T>(pageCache: boolean, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startBenchServer(API_PORT, { pageCache });
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

function measureBundle(): BundleReport {
  const manifest = readManifest();
  const users = firstLoad('users', 'dist', manifest);
  const userDetails = firstLoad('userDetails', 'dist', manifest);
  const loaded = new Set(userDetails.files.map((file) => file.file));
  // What the user page's chunks import dynamically, other than pages (the entry imports every page).
  const lazy = Object.values(manifest)
    .filter((chunk) => loaded.has(chunk.file))
    .flatMap((chunk) => chunk.dynamicImports ?? [])
    .filter((key) => !Object.values(PAGES).includes(key as never) && !key.startsWith('src/app/routes/'));
  const onDemand = [...new Set(lazy)]
    .map((key) => manifest[key]?.file)
    .filter((file): file is string => file !== undefined && !loaded.has(file) && existsSync(`dist/${file}`))
    .map((file) => {
      const content = readFileSync(`dist/${file}`);
      return { file, kind: 'js' as const, bytes: content.length, gzipBytes: gzipSize(content) };
    });
  return { users, userDetails, onDemand, budgetKb: readBudget().usersPageFirstLoadJs.budgetKb };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
