import { randomBytes } from 'node:crypto';
import { constants, copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { CACHE_DIR } from './bench-config.ts';
import { removeDatabase } from './ingest-bench.ts';
import { currentLoad } from './machine.ts';
import { copyDatabase, dropDatabase } from './pg-databases.ts';
import { summarize, type Summary } from './stats.ts';

const BATCHES = 40;
const BATCH_SIZE = 1_000;
const PG_COPY = 'bench_floor_copy';

export interface FloorRun {
  store: 'SQLite' | 'PostgreSQL';
  /** Whether a commit waits for its fsync (SQLite `synchronous`, PostgreSQL `synchronous_commit`). */
  durable: boolean;
  batchMs: Summary;
  recordsPerSecond: number;
  /** CPU of the process doing the work (SQLite: this one); undefined where it is another server's. */
  cpuMsPerBatch: number | undefined;
  loadAverage: number;
}

/** 1,000 sessions of one user with random session ids, starting after every session it has. */
function sessionRows(): [start: string, sessionId: string, end: string][] {
  const at = Date.now();
  return Array.from({ length: BATCH_SIZE }, (_, i) => [
    new Date(at + i).toISOString(),
    randomBytes(16).toString('hex'),
    new Date(at + i + 3_600_000).toISOString(),
  ]);
}

async function timeBatches(
  store: FloorRun['store'],
  durable: boolean,
  batch: () => unknown,
  ownCpu: boolean,
): Promise<FloorRun> {
  for (let i = 0; i < 3; i++) await batch(); // warm-up
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    const sent = performance.now();
    await batch();
    samples.push(performance.now() - sent);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    store,
    durable,
    batchMs: summarize(samples),
    recordsPerSecond: (BATCHES * BATCH_SIZE) / seconds,
    cpuMsPerBatch: ownCpu ? (cpu.user + cpu.system) / 1000 / BATCHES : undefined,
    loadAverage: currentLoad(),
  };
}

/**
 * The least work any ingest of new sessions must do on this store, as a bound on what tuning the
 * write path can reach: 1,000 rows with random session ids inserted into `user_sessions` of the
 * newest user (so the clustered key appends and only the unique session_id index lands on random
 * pages) per transaction, with no lookups, no users, no aggregates and no validation. Run with
 * commits that wait for their fsync (the server's setting) and without, on a copy of `storePath`.
 */
export async function benchIngestFloor(storePath: string): Promise<FloorRun[]> {
  const copy = resolve(CACHE_DIR, 'ingest-floor.db');
  removeDatabase(copy);
  copyFileSync(storePath, copy, constants.COPYFILE_FICLONE);
  const db = new Database(copy);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -65536');
    const userRef = db.prepare('SELECT max(id) FROM session_users').pluck().get() as number;
    const insert = db.prepare<[number, string, string, string]>(
      'INSERT INTO user_sessions (user_ref, start_at, session_id, end_at) VALUES (?, ?, ?, ?)',
    );
    const batch = db.transaction(() => {
      for (const [start, sessionId, end] of sessionRows()) insert.run(userRef, start, sessionId, end);
    });
    const runs: FloorRun[] = [];
    for (const durable of [true, false]) {
      db.pragma(`synchronous = ${durable ? 'FULL' : 'OFF'}`);
      runs.push(await timeBatches('SQLite', durable, batch, true));
    }
    return runs;
  } finally {
    db.close();
    removeDatabase(copy);
  }
}

/**
 * The same on a copy of the 1,000,000-user PostgreSQL database at `url`: one INSERT of 1,000 rows
 * per transaction, with the overview's triggers off (session_replication_role = replica), so only
 * the table and its two indexes are written.
 */
export async function benchIngestFloorPostgres(url: string): Promise<FloorRun[]> {
  const copyUrl = await copyDatabase(url, PG_COPY, console.log);
  const sql = postgres(copyUrl, { max: 1, onnotice: () => {} });
  try {
    const [newest] = await sql<{ id: number }[]>`SELECT max(id) AS id FROM session_users`;
    const userRef = newest?.id ?? 0;
    const runs: FloorRun[] = [];
    for (const durable of [true, false]) {
      const batch = () =>
        sql.begin(async (tx) => {
          await tx`SET LOCAL session_replication_role = replica`;
          await tx.unsafe(`SET LOCAL synchronous_commit = ${durable ? 'on' : 'off'}`);
          const rows = sessionRows();
          await tx`
            INSERT INTO user_sessions (user_ref, start_at, session_id, end_at)
            SELECT ${userRef}, * FROM unnest(${rows.map((row) => row[0])}::text[], ${rows.map((row) => row[1])}::text[],
                                             ${rows.map((row) => row[2])}::text[])`;
        });
      runs.push(await timeBatches('PostgreSQL', durable, batch, false));
    }
    return runs;
  } finally {
    await sql.end();
    await dropDatabase(url, PG_COPY);
  }
}
