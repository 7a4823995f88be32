import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { Config, Flags, Result } from 'lighthouse';
import { routes } from '../src/lib/routes.ts';
import { CACHE_DIR, PRODUCT, PROJECT_ROOT, SESSION } from './bench-config.ts';
import { replaceSection } from './report-sections.ts';
import { summarize } from './stats.ts';

/**
 * `npm run lighthouse`: Lighthouse (the npm package) in Debian's Chromium against the production
 * build served by the real server on a fresh demo store, logged in by its cookie. The users page
 * and the user page (user@example.com), on desktop and on mobile (Lighthouse's default: a
 * mid-range phone, 4× CPU slowdown, slow 4G, simulated), LIGHTHOUSE_RUNS times each (3); the
 * medians go into docs/benchmarks.md with the load average, each run's report into
 * .bench-cache/lighthouse/. Build first (`npm run lighthouse` does).
 *
 * LIGHTHOUSE_PORT (4395) is the server's port, the next one Chromium's debugging port;
 * CHROME_PATH picks the browser (/usr/bin/chromium). LIGHTHOUSE_ONLY (e.g. `user/mobile`, `users`)
 * runs only the matching page/device pairs and prints them, leaving docs/benchmarks.md alone.
 */

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 4395);
const CHROME_PORT = PORT + 1;
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const TOKEN = 'lighthouse-token-0123456789';
const OUT_DIR = resolve(CACHE_DIR, 'lighthouse');
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ONLY = process.env.LIGHTHOUSE_ONLY;
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
];

const PAGES = {
  users: routes.users.href({ product: PRODUCT, session: SESSION }),
  user: routes.userDetails.href({ product: PRODUCT, session: SESSION, identifier: 'user@example.com' }),
} as const;
type PageName = keyof typeof PAGES;
const FORM_FACTORS = ['desktop', 'mobile'] as const;
type FormFactor = (typeof FORM_FACTORS)[number];
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
} as const;

interface RunFigures {
  scores: Record<(typeof CATEGORIES)[number], number>;
  metrics: Record<keyof typeof METRICS, number>;
  /** Audits below a full score in accessibility and best practices, and performance's worst. */
  shortfalls: string[];
}

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const server = await startServer();
  const results = new Map<string, RunFigures[]>();
  const load = { before: loadavg(), after: [0, 0, 0] };
  try {
    const cookie = await logIn();
    for (const formFactor of FORM_FACTORS) {
      for (const page of Object.keys(PAGES) as PageName[]) {
        if (ONLY !== undefined && !`${page}/${formFactor}`.includes(ONLY)) continue;
        const runs: RunFigures[] = [];
        for (let run = 1; run <= RUNS; run++) {
          const lhr = await auditWithRetries(`${ORIGIN}${PAGES[page]}`, formFactor, cookie);
          writeFileSync(resolve(OUT_DIR, `${page}-${formFactor}-${run}.json`), JSON.stringify(lhr));
          const figures = figuresOf(lhr);
          runs.push(figures);
          console.log(
            `${page.padEnd(5)} ${formFactor.padEnd(7)} run ${run}: ${CATEGORIES.map((c) => `${c} ${figures.scores[c].toFixed(2)}`).join(', ')}; ` +
              `LCP ${Math.round(figures.metrics.lcp)} ms, TBT ${Math.round(figures.metrics.tbt)} ms` +
              (figures.shortfalls.length ? `\n    below 1: ${figures.shortfalls.join('; ')}` : ''),
          );
        }
        results.set(`${page}/${formFactor}`, runs);
      }
    }
    load.after = loadavg();
  } finally {
    await stop(server);
  }
  if (ONLY === undefined) writeReport(results, load);
}

/** The real server (server/main.ts) on its own fresh demo store, serving dist/. */
async function startServer(): Promise<ChildProcess> {
  const dataDir = resolve(OUT_DIR, 'store');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DASHBOARD_TOKEN: TOKEN,
      DATABASE_URL: `file:${resolve(dataDir, 'demo.db')}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`${ORIGIN}/api/health`, child, 'the server');
  return child;
}

/** The login cookie, as a browser gets it by opening a page with `?token=`. */
async function logIn(): Promise<string> {
  const response = await fetch(`${ORIGIN}/?token=${TOKEN}`, { redirect: 'manual' });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('dashboard_session='));
  if (!cookie) throw new Error(`Logging in gave no cookie (HTTP ${response.status}).`);
  return cookie.split(';')[0] as string;
}

/** A run that Lighthouse itself could not record (NO_NAVSTART and the like on a busy machine) is run again. */
async function auditWithRetries(url: string, formFactor: FormFactor, cookie: string): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(url, formFactor, cookie);
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(`    (run again: ${(error as Error).message})`);
    }
  }
}

/** One Lighthouse run in a fresh Chromium (no cache, no state carried over from another run). */
async function audit(url: string, formFactor: FormFactor, cookie: string): Promise<Result> {
  const profile = resolve(OUT_DIR, 'chromium-profile');
  rmSync(profile, { recursive: true, force: true });
  const chrome = spawn(
    CHROME_PATH,
    [...CHROME_FLAGS, `--remote-debugging-port=${CHROME_PORT}`, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  try {
    await waitFor(`http://127.0.0.1:${CHROME_PORT}/json/version`, chrome, 'Chromium');
    const flags: Flags = {
      port: CHROME_PORT,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
      extraHeaders: { Cookie: cookie },
    };
    const config: Config | undefined = formFactor === 'desktop' ? desktopConfig : undefined;
    const result = await lighthouse(url, flags, config);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}.`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await stop(chrome);
  }
}

function figuresOf(lhr: Result): RunFigures {
  const scores = Object.fromEntries(
    CATEGORIES.map((id) => [id, lhr.categories[id]?.score ?? 0]),
  ) as RunFigures['scores'];
  const metrics = Object.fromEntries(
    Object.entries(METRICS).map(([key, audit]) => [key, lhr.audits[audit]?.numericValue ?? Number.NaN]),
  ) as RunFigures['metrics'];
  const shortfalls: string[] = [];
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const result = lhr.audits[ref.id];
      if (!result || ref.weight === 0 || result.score === null || result.score >= 1) continue;
      if (id === 'performance' && result.score >= 0.9) continue;
      shortfalls.push(`${ref.id} ${result.score.toFixed(2)}${result.displayValue ? ` (${result.displayValue})` : ''}`);
    }
  }
  return { scores, metrics, shortfalls };
}

function writeReport(results: Map<string, RunFigures[]>, load: { before: number[]; after: number[] }) {
  const fmt = (value: number) => value.toFixed(2);
  const ms = (value: number) => `${(value / 1000).toFixed(2)} s`;
  const rows: string[] = [];
  for (const formFactor of FORM_FACTORS) {
    for (const page of Object.keys(PAGES) as PageName[]) {
      const runs = results.get(`${page}/${formFactor}`) ?? [];
      const mid = (pick: (run: RunFigures) => number) => summarize(runs.map(pick)).median;
      const perf = runs.map((run) => fmt(run.scores.performance)).join(' / ');
      rows.push(
        `| ${page === 'users' ? 'users page' : 'user page'} | ${formFactor} | **${fmt(mid((r) => r.scores.performance))}** (${perf}) ` +
          `| ${fmt(mid((r) => r.scores.accessibility))} | ${fmt(mid((r) => r.scores['best-practices']))} ` +
          `| ${ms(mid((r) => r.metrics.fcp))} | ${ms(mid((r) => r.metrics.lcp))} | ${Math.round(mid((r) => r.metrics.tbt))} ms ` +
          `| ${mid((r) => r.metrics.cls).toFixed(3)} | ${ms(mid((r) => r.metrics.si))} |`,
      );
    }
  }
  const loads = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  const body = [
    '## Lighthouse (issue 13)',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run lighthouse\`: Lighthouse ` +
      `${lighthouseVersion()} in Debian's Chromium, against the production build served by the real server ` +
      `(precompressed assets) on a fresh demo store, logged in by the login cookie. Median of ${RUNS} runs each ` +
      "(every run in a fresh browser; the performance score of each run in brackets). Mobile is Lighthouse's " +
      'default: a mid-range phone, 4× CPU slowdown, slow 4G (150 ms, 1.6 Mbit/s), simulated. Desktop is its ' +
      'desktop preset (no CPU slowdown, 40 ms, 10 Mbit/s).',
    '',
    `Load average (1 / 5 / 15 min) before: ${loads(load.before)}, after: ${loads(load.after)} on ${cpus().length} cores ` +
      '(shared with other work: Lighthouse times real tasks, so a busy machine lowers the mobile score).',
    '',
    '| page | device | performance | accessibility | best practices | FCP | LCP | TBT | CLS | Speed Index |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Targets: desktop 1.00 in all three on both pages; mobile performance ≥ 0.90 on both.',
  ].join('\n');
  const file = resolve(PROJECT_ROOT, 'docs/benchmarks.md');
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), 'lighthouse', body));
  console.log(`\n${body}\n\nWritten to docs/benchmarks.md (section "lighthouse").`);
}

function lighthouseVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'node_modules/lighthouse/package.json'), 'utf8'));
  return String(manifest.version);
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} did not answer ${url} within 60 s.`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

await main();
