import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchImport, exportFileOf, type ImportBenchResult } from './import-bench.ts';
import { benchIngest, type IngestBenchResult } from './ingest-bench.ts';
import { describeMachine } from './machine.ts';
import { replaceSection } from './report-sections.ts';
import { ensureBenchStore } from './store-cache.ts';

/**
 * `npm run bench:ingest [-- --store FILE] [--file FILE] [--only ingest,import]`: the write path on
 * the 1,000,000-user store: ingest over HTTP to the real server in batches of 1, 100 and 1,000,
 * and `npm run import` of a 1,000,000-user NDJSON file (the store's own export) into an empty
 * store. Writes the "Ingest and import" section of docs/benchmarks.md.
 */
const REPORT_FILE = 'docs/benchmarks.md';
const SECTION = 'ingest-import';
const PORT = 43150;

const { values } = parseArgs({
  options: { store: { type: 'string' }, file: { type: 'string' }, only: { type: 'string' } },
});
const only = values.only?.split(',') ?? ['ingest', 'import'];
const machine = describeMachine();
const storePath = values.store ?? (await ensureBenchStore()).path;

let ingest: IngestBenchResult | undefined;
if (only.includes('ingest')) ingest = await benchIngest(storePath, { port: PORT, httpOnly: true });
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
if (imported) {
  lines.push(
    '### Import of a 1,000,000-user file',
    '',
    '| file | users | sessions | time | users/s | peak RSS | exit | load average |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${imported.fileGb} GB NDJSON (the 1M store's export) | ${int(imported.users)} | ${int(imported.sessions)} | ${(imported.seconds / 60).toFixed(1)} min | ${int(imported.users / imported.seconds)} | ${imported.peakRssMb} MB | ${imported.exitCode} | ${imported.loadAverage.toFixed(2)} |`,
    '',
    'Targets: ≤ 5 minutes, RSS < 400 MB, into an empty store.',
    '',
  );
}
const markdown = lines.join('\n');
console.log(`\n${markdown}`);
writeFileSync(REPORT_FILE, replaceSection(readFileSync(REPORT_FILE, 'utf8'), SECTION, markdown));
console.log(`Wrote the "${SECTION}" section of ${REPORT_FILE}.`);
