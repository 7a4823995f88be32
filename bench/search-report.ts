import type { BrowserStep } from './browser/results.ts';
import type { Machine } from './machine.ts';
import { ms } from './report.ts';
import type { SearchCase, SearchStoreRun, SearchTiming } from './search-bench.ts';

export interface SearchReport {
  date: string;
  machine: Machine;
  users: number;
  sessions: number;
  runs: SearchStoreRun[];
  /** Why a store was not measured (e.g. the shared PostgreSQL database was not ready). */
  skipped: string[];
  browser?: BrowserStep;
  browserLoad?: { before: number; after: number };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const load = (value: number) => value.toFixed(2);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function targetText(target: SearchCase['target']): string {
  if (target === undefined) return '–';
  return target.on === 'max' ? `every answer < ${int(target.ms)} ms` : `median ≤ ${int(target.ms)} ms`;
}

function meets(timing: SearchTiming | undefined): string {
  const target = timing?.case.target;
  if (timing === undefined || target === undefined) return '';
  const value = timing.http[target.on];
  const ok = target.on === 'max' ? value < target.ms : value <= target.ms;
  return ok ? 'meets' : '**misses**';
}

/** The `search` section of docs/benchmarks.md (between its markers; see report-sections.ts). */
export function renderSearchSection(report: SearchReport): string {
  const out: string[] = [];
  const { machine } = report;
  out.push('## Search, sort and overview (issue 12)', '');
  out.push(
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench -- --only search\` on ` +
      `${machine.cpu} (${machine.cores} cores), Node ${machine.node}: the real server in its own process on the ` +
      `${int(report.users)}-user store (${int(report.sessions)} sessions, seed 42, one session, 4 environments), ` +
      'the client on loopback, one request at a time. Every request is a first request: the server runs with its ' +
      'page cache off and each request carries a parameter the API ignores, so no kept answer or kept total ' +
      'serves it (what a person typing a new term meets, and what everyone meets after any write). Milliseconds; ' +
      '"server CPU" is the server process’s CPU time per request (every thread, 10 ms ticks over all runs; for ' +
      'PostgreSQL the database’s own processes are not in it): unlike wall time, a busy machine barely changes it. ' +
      '"matches" is the answer’s exact `total` (the overview: its `users`).',
    '',
  );
  const runs = report.runs;
  if (runs.length > 0) {
    const header = ['request', 'target'];
    for (const run of runs) header.push(`${run.store} median`, 'p95', 'max', 'server CPU', 'matches', '');
    header.push('runs');
    const rows = (runs[0] as SearchStoreRun).timings.map((first, index) => {
      const cells = [`${first.case.group}: ${first.case.label}`, targetText(first.case.target)];
      for (const run of runs) {
        const timing = run.timings[index];
        cells.push(
          timing ? ms(timing.http.median) : '–',
          timing ? ms(timing.http.p95) : '–',
          timing ? ms(timing.http.max) : '–',
          timing ? ms(timing.serverCpuMs) : '–',
          timing ? int(timing.total) : '–',
          meets(timing),
        );
      }
      cells.push(String(first.http.runs));
      return cells;
    });
    out.push(table(header, rows), '');
    out.push(
      table(
        ['store', 'data', 'load average (1 min) before / after'],
        runs.map((run) => [
          run.store,
          run.where,
          `${load(run.loadBefore)} / ${load(run.loadAfter)}${Math.max(run.loadBefore, run.loadAfter) > machine.cores ? ' (above the core count: figures are upper bounds)' : ''}`,
        ]),
      ),
      '',
    );
  }
  for (const reason of report.skipped) out.push(`Not measured: ${reason}`, '');
  if (report.browser) {
    const { summary } = report.browser;
    out.push(
      '### In the browser: typed text to matching rows painted',
      '',
      `${report.browser.measures}. Median **${ms(summary.median)} ms**, p95 ${ms(summary.p95)} ms, max ${ms(summary.max)} ms ` +
        `over ${summary.runs} runs (Chromium headless, production build, the SQLite store above, 1280×800; load ` +
        `average ${report.browserLoad ? `${load(report.browserLoad.before)} before, ${load(report.browserLoad.after)} after` : 'not recorded'}). ` +
        'The time includes the search box’s 250 ms pause after the last keystroke (typing is debounced, so a ' +
        'request is not sent for every letter).',
      '',
    );
  }
  out.push(
    'How each request is answered. SQLite: text of 3 or more characters asks the FTS5 trigram index for the ' +
      'users holding all its trigrams (up to 12, spread over the text), at most 5,001 of them; up to 5,000 ' +
      'candidates, the page and the exact total come from checking those. A broad term (more candidates) and 1–2 characters (no trigram) count their matches in the identifier ' +
      'index and walk the order’s index for the page, checking each identifier (matches are dense then). ' +
      'PostgreSQL: a selective term (the planner expects fewer trigram candidates than a third of the users ' +
      'searched) takes `pg_trgm` (GIN) candidates checked in the table; a broad term and 1–2 characters are ' +
      'counted in `search_identifiers` (migration 6: session, environment and lower(identifier) only, kept by ' +
      'triggers; read by one backend, a sequential scan when the session holds most of it, one index range per ' +
      'environment otherwise), and the page walks the order’s index, which carries the identifier (migration 5), ' +
      'so neither reads the users table. Sorting by `first_seen` seeks to the nearest page anchor like the default order. The overview sums aggregates kept by triggers on ' +
      'every write (hourly and daily buckets), never the users or sessions; on PostgreSQL in one statement, ' +
      'with session ends by the minute and new users by the day (migration 6).',
    '',
  );
  return out.join('\n');
}
