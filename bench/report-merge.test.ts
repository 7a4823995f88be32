import { describe, expect, it } from 'vitest';
import type { BrowserResults } from './browser/results.ts';
import { renderReport, type BenchReport, type BundleReport } from './report.ts';
import { mergeReport } from './report-merge.ts';
import { readSection } from './report-sections.ts';

const OLD_WHEN = '2026-11-30 11:57 UTC, load 1.35 → 2.47';
const NEW_WHEN = '2026-12-05 14:13 UTC, load 0.92 → 1.93';

/** docs/benchmarks.md as `npm run bench` wrote it before its blocks had markers, with others' sections. */
const legacyDoc = [
  '# Benchmarks',
  '',
  'Measured 2026-11-30 11:57 UTC by `npm run bench` (266 s; sections: bundle, api, throughput, browser).',
  '',
  '| machine |  |',
  '| --- | --- |',
  '| CPU | Old CPU, 2 cores |',
  '| load average (1 min) at start / end | 1.35 / 2.47 (above the core count) |',
  '',
  '## Against the targets',
  '',
  '| measure | target | measured |  |',
  '| --- | --- | --- | --- |',
  '| fetchUsers over HTTP, median (page 1, middle, last) | ≤ 5 ms each | slowest: 1.12 ms (middle page) | meets |',
  '| Throughput, page 1 at 50 connections | ≥ 3,000 req/s, p99 ≤ 50 ms | 11,603 req/s, p99 7.00 ms | meets |',
  '| Browser: "Next page" (median) | ≤ 150 ms | 44.8 ms | meets |',
  '| Users page first-load JS, gzipped | ≤ 130 kB | 128.6 kB | meets |',
  '',
  '## The store',
  '',
  '1,000,000 users, 2.17 GB on disk.',
  '',
  'Page anchors: the first deep page builds its anchors, 87.9 ms.',
  '',
  '## API at scale (1,000,000 users)',
  '',
  '| call | store median |',
  '| --- | --- |',
  '| fetchUsers: page 1, all envs, limit 20 | 0.07 |',
  '',
  '## Throughput (autocannon)',
  '',
  '| workload | req/s |',
  '| --- | --- |',
  '| page 1 | 11,603 |',
  '',
  '## Browser path (Playwright, Chromium, production build)',
  '',
  '| step | median ms |',
  '| --- | --- |',
  '| "Next page" | 44.8 |',
  '',
  '<!-- section:compression -->',
  '## Compression',
  '',
  'Written by npm run bench:compression.',
  '<!-- /section:compression -->',
  '',
  '## Pages that stay current (hand-written)',
  '',
  'Idle cost of an open page: 12 requests a minute.',
  '',
  '## Reproduce',
  '',
  '```sh',
  'npm run bench',
  'npm run lighthouse                 # the Lighthouse section',
  '```',
  '',
].join('\n');

const summary = (median: number, p95: number) => ({ runs: 20, median, p95, p99: p95, min: 1, max: p95 + 10 });

const browser: BrowserResults = {
  chromium: '156.0',
  steps: {
    nextPage: {
      label: '"Next page"',
      measures: 'click → rows painted',
      summary: summary(43.4, 72.4),
      targets: [
        { on: 'median', ms: 16 },
        { on: 'p95', ms: 33 },
      ],
    },
  },
};

const page = (name: string, gzipBytes: number) => ({
  page: name,
  files: [{ file: `assets/${name}.js`, kind: 'js' as const, bytes: gzipBytes * 3, gzipBytes }],
  jsGzipBytes: gzipBytes,
  cssGzipBytes: 9_100,
});
const bundle: BundleReport = {
  users: page('users', 113_900),
  userDetails: page('user-details', 110_000),
  onDemand: [],
  budgetKb: 114.5,
};

/** A run of `npm run bench -- --only browser,bundle` at 14:13 UTC, load 0.92 → 1.93. */
function partialRun(): BenchReport {
  return {
    date: '2026-12-05T14:13:05.000Z',
    machine: {
      cpu: 'AMD EPYC',
      cores: 2,
      memoryGb: 23.5,
      node: 'v20.20.2',
      os: 'Linux',
      loadAtStart: 0.92,
      loadAtEnd: 1.93,
    },
    sections: ['browser', 'bundle'],
    store: {
      users: 1_000_000,
      sessions: 10_271_843,
      seedSeconds: 302,
      seededAt: '2026-12-05T12:21:00.000Z',
      path: '/tmp/store.db',
      databaseUrl: 'file:/tmp/store.db',
      hash: 'e138afa9e12d168d',
      reused: true,
      fileGb: 2.42,
    },
    browser,
    bundle,
    totalSeconds: 213,
  };
}

const targetRow = (doc: string, measure: string) =>
  readSection(doc, 'bench-targets')
    ?.split('\n')
    .find((line) => line.startsWith(`| ${measure} |`));

describe('mergeReport: a run of some sections into docs/benchmarks.md', () => {
  const merged = mergeReport(legacyDoc, renderReport(partialRun()));

  it('replaces the sections the run measured, and the run header and store', () => {
    const browserBlock = readSection(merged, 'bench-browser') ?? '';
    expect(browserBlock).toContain('| "Next page" | click → rows painted | 43.4 | 72.4 |');
    expect(browserBlock).toContain(`Measured ${NEW_WHEN}`);
    expect(merged).not.toContain('| "Next page" | 44.8 |');
    expect(readSection(merged, 'bench-bundle')).toContain('**113.9**');
    expect(readSection(merged, 'bench-run')).toContain('| load average (1 min) at start / end | 0.92 / 1.93 |');
    expect(readSection(merged, 'bench-store')).toContain('2.42 GB on disk');
    expect(merged).not.toContain('2.17 GB');
  });

  it('keeps the sections the run did not measure, saying when they were measured', () => {
    const api = readSection(merged, 'bench-api') ?? '';
    expect(api).toContain('| fetchUsers: page 1, all envs, limit 20 | 0.07 |');
    expect(api).toContain(`Measured ${OLD_WHEN}`);
    // The old store paragraph's anchor figures belong to the API section, which measured them.
    expect(api).toContain('Page anchors: the first deep page builds its anchors, 87.9 ms.');
    expect(readSection(merged, 'bench-throughput')).toContain('| page 1 | 11,603 |');
    expect(merged.match(/^## API at scale/gm)).toHaveLength(1);
  });

  it('keeps hand-written sections, other commands’ sections and the Reproduce lines', () => {
    expect(merged).toContain(
      '## Pages that stay current (hand-written)\n\nIdle cost of an open page: 12 requests a minute.',
    );
    expect(readSection(merged, 'compression')).toBe('## Compression\n\nWritten by npm run bench:compression.');
    expect(merged).toContain('npm run lighthouse                 # the Lighthouse section');
    expect(merged.match(/^## Reproduce/gm)).toHaveLength(1);
    // A block new to the document goes after the one before it, not at the end.
    expect(merged.indexOf('section:bench-bundle')).toBeGreaterThan(merged.indexOf('/section:bench-browser'));
    expect(merged.indexOf('section:bench-bundle')).toBeLessThan(merged.indexOf('section:compression'));
  });

  it('takes each target row from the run that measured it, with that run’s date and load', () => {
    expect(targetRow(merged, 'fetchUsers over HTTP, median (page 1, middle, last)')).toBe(
      `| fetchUsers over HTTP, median (page 1, middle, last) | ≤ 5 ms each | slowest: 1.12 ms (middle page) | meets | ${OLD_WHEN} |`,
    );
    expect(targetRow(merged, 'Throughput, page 1 at 50 connections')).toContain(OLD_WHEN);
    expect(targetRow(merged, 'Browser: "Next page" (median)')).toBe(
      `| Browser: "Next page" (median) | ≤ 16 ms | 43.4 ms | **misses** | ${NEW_WHEN} |`,
    );
    expect(targetRow(merged, 'Browser: "Next page" (p95)')).toContain('72.4 ms | **misses**');
    expect(merged).not.toContain('≤ 150 ms');
    expect(targetRow(merged, 'Users page first-load JS, gzipped')).toBe(
      `| Users page first-load JS, gzipped | ≤ 110 kB (npm test budget: 114.5 kB) | 113.9 kB | **misses** | ${NEW_WHEN} |`,
    );
    // Measured by no run yet.
    expect(targetRow(merged, 'Ingest over HTTP, batches of 1,000 (synchronous=FULL)')).toContain('| not measured |');
  });

  it('gives the same document when the same run is merged again', () => {
    expect(mergeReport(merged, renderReport(partialRun()))).toBe(merged);
  });

  it('a run that measured nothing but the store changes no section and no target row', () => {
    const storeOnly = { ...partialRun(), sections: [], browser: undefined, bundle: undefined };
    const again = mergeReport(merged, renderReport(storeOnly));
    expect(readSection(again, 'bench-targets')).toBe(readSection(merged, 'bench-targets'));
    expect(readSection(again, 'bench-browser')).toBe(readSection(merged, 'bench-browser'));
  });

  it('writes the whole report when there is no document yet', () => {
    const fresh = renderReport(partialRun());
    expect(mergeReport('', fresh)).toBe(fresh);
    expect(fresh).toContain('## Reproduce');
  });
});
