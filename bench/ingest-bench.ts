import { constants, copyFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { SessionRecord } from '../src/contract/ingest.ts';
import { createRandom } from '../server/demo/prng.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { currentLoad, processCpuSeconds } from './machine.ts';
import { CACHE_DIR, ENVIRONMENTS, PRODUCT, SESSION } from './bench-config.ts';
import { startBenchServer } from './server-process.ts';
import { summarize, type Summary } from './stats.ts';

export const INGEST_BATCH_SIZES = [1, 100, 1_000] as const;
/** Batches sent per size: enough for a stable rate, few enough that one size takes seconds. */
const BATCHES: Record<(typeof INGEST_BATCH_SIZES)[number], number> = { 1: 1_000, 100: 100, 1_000: 30 };
const BENCH_INGEST_TOKEN = 'bench-ingest-token-0123456789';

export interface IngestRun {
  /** How the batches were sent: a bare store call, or POST /api/ingest/sessions to the real server. */
  path: 'store' | 'http';
  synchronous: 'FULL' | 'NORMAL';
  batchSize: number;
  batches: number;
  recordsPerSecond: number;
  /**
   * Records per second of CPU time of the process that does the work (the benchmark process for a
   * store call, the server for HTTP): what the rate would be on an otherwise idle core.
   */
  recordsPerCpuSecond: number;
  /** Milliseconds per batch. */
  batchMs: Summary;
}

export interface IngestBenchResult {
  users: number;
  runs: IngestRun[];
  loadAverage: number;
}

/**
 * Ingest throughput on a copy of `storePath` (the benchmark store is never written): batches of
 * 1, 100 and 1,000 records, one after another, as a bare store call (synchronous=FULL, the
 * server's setting, and NORMAL to show what the fsync per commit costs) and over HTTP to the real
 * server. The mix: 70 % new users, 20 % new sessions of users created earlier in the run, 10 %
 * refreshes of earlier sessions (a later end_at), into the store's big session, with random
 * identifiers and session ids.
 */
export async function benchIngest(
  storePath: string,
  options: { port?: number; log?: (line: string) => void; httpOnly?: boolean } = {},
): Promise<IngestBenchResult> {
  const log = options.log ?? console.log;
  const copy = resolve(CACHE_DIR, 'ingest-bench.db');
  removeDatabase(copy);
  const source = new Database(storePath, { fileMustExist: true });
  source.pragma('wal_checkpoint(TRUNCATE)');
  const users = source.prepare('SELECT coalesce(sum(users), 0) FROM user_counts').pluck().get() as number;
  source.close();
  log(`Copying the store (${users.toLocaleString('en-US')} users) for the ingest benchmark…`);
  // A reflink where the file system has them (instant, no extra space), else a plain copy.
  copyFileSync(storePath, copy, constants.COPYFILE_FICLONE);
  const records = recordSource();
  const runs: IngestRun[] = [];
  try {
    // httpOnly: only what an application sees (the bench:ingest figures); else also bare store calls.
    const store = options.httpOnly ? undefined : openSqliteStore(copy);
    try {
      for (const synchronous of store === undefined ? [] : (['FULL', 'NORMAL'] as const)) {
        store?.db.pragma(`synchronous = ${synchronous}`);
        for (const size of INGEST_BATCH_SIZES) {
          log(`Store: batches of ${size}, synchronous=${synchronous}`);
          runs.push(
            await timeBatches('store', synchronous, size, records, (batch) => store!.ingest(batch), ownCpuSeconds),
          );
        }
      }
    } finally {
      await store?.close();
    }
    runs.push(...(await ingestOverHttp(`file:${copy}`, { port: options.port ?? 4391, log, records })));
  } finally {
    removeDatabase(copy);
  }
  return { users, runs, loadAverage: currentLoad() };
}

/**
 * Batches of 1, 100 and 1,000 records, one after another, POSTed to the real server serving
 * `databaseUrl` (either store; it is written to: pass a copy). `records` continues a mix already
 * in use; by default a fresh one.
 */
export async function ingestOverHttp(
  databaseUrl: string,
  options: { port: number; log?: (line: string) => void; records?: (count: number) => SessionRecord[] },
): Promise<IngestRun[]> {
  const log = options.log ?? console.log;
  const records = options.records ?? recordSource();
  const server = await startBenchServer(options.port, {
    pageCache: true,
    databaseUrl,
    ingestToken: BENCH_INGEST_TOKEN,
  });
  const runs: IngestRun[] = [];
  try {
    for (const size of INGEST_BATCH_SIZES) {
      log(`HTTP: batches of ${size}`);
      runs.push(
        await timeBatches(
          'http',
          'FULL',
          size,
          records,
          async (batch) => {
            const response = await fetch(`${server.url}/api/ingest/sessions`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${BENCH_INGEST_TOKEN}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ records: batch }),
            });
            if (response.status !== 200)
              throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            await response.arrayBuffer();
          },
          () => processCpuSeconds(server.pid),
        ),
      );
    }
  } finally {
    await server.stop();
  }
  return runs;
}

async function timeBatches(
  path: IngestRun['path'],
  synchronous: IngestRun['synchronous'],
  size: (typeof INGEST_BATCH_SIZES)[number],
  records: (count: number) => SessionRecord[],
  send: (batch: SessionRecord[]) => Promise<unknown>,
  cpuSeconds: () => number,
): Promise<IngestRun> {
  const batches = BATCHES[size];
  for (let i = 0; i < 3; i++) await send(records(size)); // warm-up
  const prepared = Array.from({ length: batches }, () => records(size));
  const samples: number[] = [];
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  for (const batch of prepared) {
    const sent = performance.now();
    await send(batch);
    samples.push(performance.now() - sent);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuBefore;
  return {
    path,
    synchronous,
    batchSize: size,
    batches,
    recordsPerSecond: (batches * size) / seconds,
    recordsPerCpuSecond: (batches * size) / cpu,
    batchMs: summarize(samples),
  };
}

function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Generates the record mix; every call returns records no earlier call returned (session ids are unique). */
function recordSource(): (count: number) => SessionRecord[] {
  const random = createRandom(10);
  const started = Date.now() - 3_600_000;
  const created: { identifier: string; env: string }[] = [];
  const sessions: SessionRecord[] = [];
  let next = 0;
  const record = (): SessionRecord => {
    next += 1;
    const at = started + next * 10;
    const roll = random.next();
    if (roll < 0.1 && sessions.length > 0) {
      const earlier = sessions[random.int(0, sessions.length - 1)] as SessionRecord;
      // A refresh: the same session, a later end (each one later than the last).
      const refreshed = { ...earlier, end_at: new Date(Date.parse(earlier.end_at) + 60_000 + next).toISOString() };
      return refreshed;
    }
    const returning = roll < 0.3 && created.length > 0 ? created[random.int(0, created.length - 1)] : undefined;
    // Identifiers and session ids as applications make them: random, so every index insert lands
    // on a random leaf page (sequential ids would flatter the figures).
    const user = returning ?? { identifier: `${random.hex(12)}@example.com`, env: random.pick(ENVIRONMENTS) };
    if (returning === undefined) created.push(user);
    const session: SessionRecord = {
      product: PRODUCT,
      session: SESSION,
      env: user.env,
      identifier: user.identifier,
      session_id: random.hex(32),
      start_at: new Date(at).toISOString(),
      end_at: new Date(at + 3_600_000).toISOString(),
      seen_at: new Date(at + 1_000).toISOString(),
    };
    sessions.push(session);
    return session;
  };
  return (count) => {
    const batch: SessionRecord[] = [];
    const ids = new Set<string>();
    while (batch.length < count) {
      const candidate = record();
      // A session refreshed twice in one batch would be a repeated session_id: the contract refuses that.
      if (ids.has(candidate.session_id)) continue;
      ids.add(candidate.session_id);
      batch.push(candidate);
    }
    return batch;
  };
}

export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

export function ingestTable(result: IngestBenchResult): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rows = result.runs.map((run) =>
    line([
      run.path === 'http' ? 'HTTP (real server)' : 'store call',
      run.synchronous,
      String(run.batchSize),
      String(run.batches),
      Math.round(run.recordsPerSecond).toLocaleString('en-US'),
      Math.round(run.recordsPerCpuSecond).toLocaleString('en-US'),
      run.batchMs.median.toFixed(2),
      run.batchMs.p95.toFixed(2),
    ]),
  );
  return [
    line([
      'path',
      'synchronous',
      'batch',
      'batches',
      'records/s',
      'records per CPU second',
      'median ms/batch',
      'p95 ms/batch',
    ]),
    line(['---', '---', '---', '---', '---', '---', '---', '---']),
    ...rows,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { store: { type: 'string' }, port: { type: 'string' } } });
  if (values.store === undefined) throw new Error('Usage: tsx bench/ingest-bench.ts --store FILE [--port N]');
  const result = await benchIngest(values.store, { port: values.port === undefined ? undefined : Number(values.port) });
  console.log(
    `\nIngest on ${result.users.toLocaleString('en-US')} users (load average ${result.loadAverage.toFixed(2)}):\n`,
  );
  console.log(ingestTable(result));
}
