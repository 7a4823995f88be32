import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchImport, exportFileOf, type ImportBenchResult } from './import-bench.ts';
import { benchIngest, ingestOverHttp, type IngestBenchResult, type IngestRun } from './ingest-bench.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { copyDatabase, dropDatabase } from './pg-databases.ts';
import { replaceSection } from './report-sections.ts';
import { ensureBenchStore } from './store-cache.ts';

/**
 * `npm run bench:ingest [-- --store FILE] [--file FILE] [--only ingest,import] [--postgres-url URL]
 * [--port N]`: the write path on the 1,000,000-user store: ingest over HTTP to the real server in
 * batches of 1, 100 and 1,000, and `npm run import` of a 1,000,000-user NDJSON file (the store's
 * own export) into an empty store. With --postgres-url (or BENCH_POSTGRES_URL: the 1M database,
 * never written), the same ingest into a copy of that database (CREATE DATABASE … TEMPLATE,
 * dropped after). Writes the "Ingest and import" section of docs/benchmarks.md.
 */
const REPORT_FILE = 'docs/benchmarks.md';
const SECTION = 'ingest-import';
const PG_COPY = 'bench_ingest_copy';
const IMPORT_HEADING = '### Import of a 1,000,000-user file';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    file: { type: 'string' },
    only: { type: 'string' },
    'postgres-url': { type: 'string' },
    port: { type: 'string', default: '43150' },
  },
});
const port = Number(values.port);
const postgresUrl = values['postgres-url'] ?? process.env.BENCH_POSTGRES_URL;
const only = values.only?.split(',') ?? ['ingest', 'import'];
const machine = describeMachine();
const storePath = values.store ?? (await ensureBenchStore()).path;

let ingest: IngestBenchResult | undefined;
if (only.includes('ingest')) ingest = await benchIngest(storePath, { port, httpOnly: true });
let pgIngest: { runs: IngestRun[]; loadBefore: number; loadAfter: number } | undefined;
if (only.includes('ingest') && postgresUrl !== undefined) {
  const loadBefore = currentLoad();
  const copy = await copyDatabase(postgresUrl, PG_COPY, console.log);
  try {
    const runs = await ingestOverHttp(copy, { port });
    pgIngest = { runs, loadBefore, loadAfter: currentLoad() };
  } finally {
    await dropDatabase(postgresUrl, PG_COPY);
  }
}
let imported: ImportBenchResult | undefined;
if (only.includes('import')) imported = await benchImport(values.file ?? (await exportFileOf(storePath)));

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const lines = [
  '## Ingest and import',
  '',
  `Measured ${new Date().toISOString().slice(0, 16)}Z by \`npm run bench:ingest\` on ${machine.cpu} (${machine.cores} cores, shared),`,
  `Node ${machine.node}, SQLite store with \`synchronous=FULL\` (a \`200\` is on disk). Load average at the start: ${machine.loadAtStart.toFixed(2)}.`,
  '',
];
if (ingest) {
  lines.push(
    `### Ingest over HTTP (${int(ingest.users)}-user store, real server, one client sending batches back to back)`,
    '',
    '| batch | batches | records/s | records per server CPU second | median ms/batch | p95 ms/batch | load average |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...ingest.runs.map(
      (run) =>
        `| ${int(run.batchSize)} | ${run.batches} | ${int(run.recordsPerSecond)} | ${int(run.recordsPerCpuSecond)} | ${run.batchMs.median.toFixed(1)} | ${run.batchMs.p95.toFixed(1)} | ${ingest!.loadAverage.toFixed(2)} |`,
    ),
    '',
    'Target: ≥ 20,000 records/s in batches of 1,000. The mix: 70 % new users, 20 % new sessions of',
    'users created earlier in the run, 10 % refreshes, with random identifiers and session ids.',
    '',
  );
}
if (pgIngest) {
  lines.push(
    `### Ingest over HTTP, PostgreSQL (a copy of the 1,000,000-user database, same mix; fsync on, \`synchronous_commit=on\`)`,
    '',
    '| batch | batches | records/s | records per server CPU second | median ms/batch | p95 ms/batch | load average before → after |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...pgIngest.runs.map(
      (run) =>
        `| ${int(run.batchSize)} | ${run.batches} | ${int(run.recordsPerSecond)} | ${int(run.recordsPerCpuSecond)} | ${run.batchMs.median.toFixed(1)} | ${run.batchMs.p95.toFixed(1)} | ${pgIngest!.loadBefore.toFixed(2)} → ${pgIngest!.loadAfter.toFixed(2)} |`,
    ),
    '',
    '"Server CPU" is the dashboard server process only: PostgreSQL’s own processes do most of the work and are not in it.',
    '',
  );
}
if (imported) {
  lines.push(
    IMPORT_HEADING,
    '',
    '| file | users | sessions | time | users/s | peak RSS | exit | load average |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${imported.fileGb} GB NDJSON (the 1M store's export) | ${int(imported.users)} | ${int(imported.sessions)} | ${(imported.seconds / 60).toFixed(1)} min | ${int(imported.users / imported.seconds)} | ${imported.peakRssMb} MB | ${imported.exitCode} | ${imported.loadAverage.toFixed(2)} |`,
    '',
    'Targets: ≤ 5 minutes, RSS < 400 MB, into an empty store.',
    '',
  );
}
const report = readFileSync(REPORT_FILE, 'utf8');
// A run that does not measure the import keeps the import figures already written.
if (!imported) lines.push(previousImport(report));
const markdown = lines.join('\n');
console.log(`\n${markdown}`);
writeFileSync(REPORT_FILE, replaceSection(report, SECTION, markdown));
console.log(`Wrote the "${SECTION}" section of ${REPORT_FILE}.`);

function previousImport(report: string): string {
  const from = report.indexOf(IMPORT_HEADING);
  const to = report.indexOf(`<!-- /section:${SECTION} -->`);
  return from !== -1 && to > from ? report.slice(from, to).trimEnd() : '';
}
