import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchImport, benchImportPostgres, exportFileOf, sliceOf, type ImportBenchResult } from './import-bench.ts';
import { benchIngest, ingestOverHttp, type IngestBenchResult, type IngestRun } from './ingest-bench.ts';
import { benchIngestFloor, benchIngestFloorPostgres, type FloorRun } from './ingest-floor.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { copyDatabase, dropDatabase } from './pg-databases.ts';
import { replaceSection } from './report-sections.ts';
import { sharedPostgresUrl } from './search-bench.ts';
import { ensureBenchStore } from './store-cache.ts';

/**
 * `npm run bench:ingest [-- --store FILE] [--file FILE] [--only ingest,floor,import,import-pg]
 * [--postgres-url URL] [--pg-users N] [--port N]`: the write path on the 1,000,000-user store:
 * ingest over HTTP to the real server in batches of 1, 100 and 1,000 (with --postgres-url or
 * BENCH_POSTGRES_URL, the 1M database, never written: the same ingest into a copy of it, made by
 * CREATE DATABASE … TEMPLATE and dropped after), and `npm run import` of a 1,000,000-user NDJSON
 * file (the store's own export) into an empty SQLite store and (import-pg) into a new empty
 * PostgreSQL database on the cluster --postgres-url (or BENCH_PG_URL, or /work/pgbench/READY)
 * names; --pg-users imports only the first N users there. Each measure writes its own section of
 * docs/benchmarks.md (ingest-sqlite, ingest-postgres, import-sqlite, import-postgres).
 */
const REPORT_FILE = 'docs/benchmarks.md';
/** How a PostgreSQL batch is written and where its time went when it was last profiled (pgingest, issue 11). */
const PG_INGEST_NOTES = [
  'How a batch is written (server/store/postgres/pg-writes.ts, migration 7): one transaction with four round trips:',
  'BEGIN; the writers’ lock and the lookups (existing users, taken ids, stored sessions), pipelined; one call of',
  '`ingest_apply` with the planned writes as JSON (scopes, users, sessions, updates, the data version and its',
  'NOTIFY); COMMIT (`synchronous_commit=on`). Counts and overview buckets are kept by the statement triggers in',
  'the same transaction. Exact session ends more than 7 days old are no longer deleted inside the write',
  '(migration 4 deleted up to two per session written, each on a random page of session_ends: read, dirtied and',
  'logged as a full page): the trigger records how far back ends may go, and the server deletes them once writes',
  'pause for a second (server/store/postgres/pg-forget-ends.ts). The overview never reads those ends.',
  '',
  'Profiled 2026-12-06 02:50–03:27 UTC on a copy of the 1M database (bench1m_schema6), 1,000-record batches, load',
  'average 5–11 on 2 cores, so every figure is an upper bound (pg_stat_user_functions with track_functions=all,',
  'pg_stat_wal, node --cpu-prof of the server). A/B: main’s writer and this one, alternating on the same copy, 20',
  'batches each (A, B, A, B; the copy warms up from run to run, so compare neighbours):',
  '',
  '| per 1,000-record batch | main (a dozen statements; old ends deleted in the write) | migration 7 |',
  '| --- | --- | --- |',
  '| median ms over HTTP, runs 1 and 2 (load average 5.9–7.8) | 930, 385 | 664, 292 |',
  '| server CPU (zod validation ≈ 26 ms, GC ≈ 30 ms, building statements) | 99, 77 ms | 66, 55 ms |',
  '| WAL (full-page images) | 10.2 MB (1,286), 7.0 MB (637) | 7.3 MB (574), 5.4 MB (314) |',
  '| insert trigger on user_sessions (pg_stat_user_functions) | ≈ 300 ms (its delete of old ends) | 33–44 ms |',
  '| lookups (lock + 4 pipelined queries; cold pages of user_sessions_by_session_id) | 183–229 ms | same |',
  '| index inserts in `ingest_apply` (9 indexes on session_users incl. the trigram GIN, 2 on user_sessions, 2 on search_identifiers) | – | ≈ 160 ms |',
  '| commit (WAL flush) | 9–11 ms | 9 ms |',
  '',
  'Most of what is left is pages touched for the first time since the copy was made: random leaf pages of the',
  'session_id and identifier indexes read into shared buffers, and their full-page images in the WAL after each',
  'checkpoint (`wal_compression` is off on this cluster; it is the operator’s setting and is not relied on).',
  'A long-running database has those pages cached and logs each in full once per checkpoint, not once per batch.',
];
const PG_COPY = 'bench_ingest_copy';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    file: { type: 'string' },
    only: { type: 'string' },
    'postgres-url': { type: 'string' },
    'pg-users': { type: 'string' },
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
let floor: FloorRun[] | undefined;
if (only.includes('floor')) {
  floor = await benchIngestFloor(storePath);
  if (postgresUrl !== undefined) floor.push(...(await benchIngestFloorPostgres(postgresUrl)));
}
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
const importFile = async () => values.file ?? (await exportFileOf(storePath));
if (only.includes('import')) imported = await benchImport(await importFile());
let importedPg: ImportBenchResult | undefined;
if (only.includes('import-pg')) {
  const clusterUrl = values['postgres-url'] ?? sharedPostgresUrl();
  if (clusterUrl === undefined)
    throw new Error('import-pg needs --postgres-url (a PostgreSQL cluster to CREATE DATABASE on)');
  const file =
    values['pg-users'] === undefined
      ? await importFile()
      : await sliceOf(await importFile(), Number(values['pg-users']));
  importedPg = await benchImportPostgres(file, clusterUrl);
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const measured = (what: string) =>
  `Measured ${new Date().toISOString().slice(0, 16)}Z by \`npm run bench:ingest\`${what} on ${machine.cpu} (${machine.cores} cores, shared), Node ${machine.node}. Load average at the start: ${machine.loadAtStart.toFixed(2)}.`;
// Each measure has its own section, so a run replaces only what it measured and keeps the rest.
const sections: [name: string, body: string][] = [];
if (ingest) {
  sections.push([
    'ingest-sqlite',
    [
      `### Ingest over HTTP, SQLite (${int(ingest.users)}-user store, real server, one client sending batches back to back; \`synchronous=FULL\`: a \`200\` is on disk)`,
      '',
      measured(' --only ingest'),
      '',
      '| batch | batches | records/s | records per server CPU second | median ms/batch | p95 ms/batch | load average |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...ingest.runs.map(
        (run) =>
          `| ${int(run.batchSize)} | ${run.batches} | ${int(run.recordsPerSecond)} | ${int(run.recordsPerCpuSecond)} | ${run.batchMs.median.toFixed(1)} | ${run.batchMs.p95.toFixed(1)} | ${ingest.loadAverage.toFixed(2)} |`,
      ),
      '',
      'Target: ≥ 20,000 records/s in batches of 1,000. The mix: 70 % new users, 20 % new sessions of',
      'users created earlier in the run, 10 % refreshes, with random identifiers and session ids.',
    ].join('\n'),
  ]);
}
if (pgIngest) {
  const { runs, loadBefore, loadAfter } = pgIngest;
  sections.push([
    'ingest-postgres',
    [
      '### Ingest over HTTP, PostgreSQL (a copy of the 1,000,000-user database, same mix; fsync on, `synchronous_commit=on`)',
      '',
      measured(' --only ingest --postgres-url …'),
      '',
      '| batch | batches | records/s | records per server CPU second | median ms/batch | p95 ms/batch | load average before → after |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(
        (run) =>
          `| ${int(run.batchSize)} | ${run.batches} | ${int(run.recordsPerSecond)} | ${int(run.recordsPerCpuSecond)} | ${run.batchMs.median.toFixed(1)} | ${run.batchMs.p95.toFixed(1)} | ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)} |`,
      ),
      '',
      '"Server CPU" is the dashboard server process only: PostgreSQL’s own processes do most of the work and are not in it.',
      '',
      ...PG_INGEST_NOTES,
    ].join('\n'),
  ]);
}
if (floor) {
  sections.push([
    'ingest-floor',
    [
      '### The floor under ingest: inserting the sessions alone',
      '',
      measured(' --only floor [--postgres-url …]'),
      '',
      'The least work any ingest of 1,000 new sessions must do on the 1,000,000-user store: one transaction',
      'inserting the rows into `user_sessions` of one user, so only the unique `session_id` index (10 million',
      'random keys) lands on random pages. No lookups, no users, no aggregates or triggers, no validation, no',
      'HTTP. "Durable": the commit waits for its fsync (SQLite `synchronous=FULL`, PostgreSQL',
      '`synchronous_commit=on`), as the server does; the other row shows what the fsync costs.',
      '',
      '| store | durable | records/s | median ms/batch | p95 ms/batch | CPU ms/batch (this process) | load average |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      ...floor.map(
        (run) =>
          `| ${run.store} | ${run.durable ? 'yes' : 'no'} | ${int(run.recordsPerSecond)} | ${run.batchMs.median.toFixed(1)} | ${run.batchMs.p95.toFixed(1)} | ${run.cpuMsPerBatch === undefined ? '– (in PostgreSQL)' : run.cpuMsPerBatch.toFixed(1)} | ${run.loadAverage.toFixed(2)} |`,
      ),
      '',
      'The ingest target (≥ 20,000 records/s in batches of 1,000) leaves 50 ms per batch for everything. With the',
      'fsync that makes a `200` durable, inserting the sessions alone takes about that or more (the "yes" rows):',
      'the random leaf pages of the session_id index are read, split and logged, a few thousand pages a batch.',
      'The real ingest also looks every record up, writes users with their indexes and the search index, and',
      'keeps the aggregates; no tuning of that path reaches the target on this machine.',
    ].join('\n'),
  ]);
}
const importRow = (store: string, run: ImportBenchResult) =>
  [
    '| store | file | users | sessions | time | users/s | 1M users at that rate | peak RSS | exit | load average at the end |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${store} | ${run.fileGb} GB NDJSON (${int(run.users)} users of the 1M store's export) | ${int(run.users)} | ${int(run.sessions)} | ${(run.seconds / 60).toFixed(1)} min | ${int(run.users / run.seconds)} | ${(1_000_000 / (run.users / run.seconds) / 60).toFixed(1)} min | ${run.peakRssMb} MB | ${run.exitCode} | ${run.loadAverage.toFixed(2)} |`,
  ].join('\n');
if (imported) {
  sections.push([
    'import-sqlite',
    [
      '### Import of a 1,000,000-user file into an empty SQLite store',
      '',
      measured(' --only import'),
      '',
      importRow('SQLite', imported),
      '',
      'Targets: ≤ 5 minutes for 1,000,000 users, RSS < 400 MB. SQLite takes the bulk path (one',
      'transaction, indexes and aggregate triggers dropped, counts and overview buckets summed while',
      'the rows go in, indexes and search index built once at the end).',
    ].join('\n'),
  ]);
}
if (importedPg) {
  sections.push([
    'import-postgres',
    [
      '### Import of a 1,000,000-user file into an empty PostgreSQL database',
      '',
      measured(' --only import-pg'),
      '',
      importRow('PostgreSQL', importedPg),
      '',
      'Targets: ≤ 5 minutes for 1,000,000 users, RSS < 400 MB. PostgreSQL takes its own bulk path',
      '(server/store/postgres/pg-bulk-import.ts): one transaction, users and sessions sent by COPY',
      'batch by batch while the next batch is parsed, indexes and keys dropped and built once at the',
      'end, counts and hours kept per COPY by their statement triggers, session aggregates summed in JS',
      'as the rows pass (pg-bulk-aggregates.ts) and written once before the indexes are built.',
    ].join('\n'),
  ]);
}
let report = readFileSync(REPORT_FILE, 'utf8');
const order = ['search', 'ingest-sqlite', 'ingest-floor', 'ingest-postgres', 'import-sqlite', 'import-postgres'];
for (const [name, body] of sections) {
  console.log(`\n${body}`);
  report = replaceSection(report, name, body, order.slice(0, order.indexOf(name)));
  console.log(`Wrote the "${name}" section of ${REPORT_FILE}.`);
}
writeFileSync(REPORT_FILE, report);
