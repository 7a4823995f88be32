import { randomBytes } from 'node:crypto';
import { constants, copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CACHE_DIR } from './bench-config.ts';
import { removeDatabase } from './ingest-bench.ts';
import { currentLoad } from './machine.ts';
import { summarize, type Summary } from './stats.ts';

const BATCHES = 40;
const BATCH_SIZE = 1_000;

export interface FloorRun {
  synchronous: 'FULL' | 'OFF';
  batchMs: Summary;
  recordsPerSecond: number;
  cpuMsPerBatch: number;
  loadAverage: number;
}

/**
 * The least work any ingest of new sessions must do on this store, as a bound on what tuning the
 * write path can reach: 1,000 rows with random session ids inserted into `user_sessions` of the
 * newest user (so the clustered key appends and only the unique session_id index lands on random
 * pages) per transaction, with no lookups, no users, no aggregates and no validation. Run with
 * `synchronous=FULL` (the server's setting) and OFF (no fsync at all), on a copy of `storePath`.
 */
export function benchIngestFloor(storePath: string): FloorRun[] {
  const copy = resolve(CACHE_DIR, 'ingest-floor.db');
  removeDatabase(copy);
  copyFileSync(storePath, copy, constants.COPYFILE_FICLONE);
  const db = new Database(copy);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -65536');
    // The newest user: its history is the last range of the clustered key, and the new sessions start later.
    const userRef = db.prepare('SELECT max(id) FROM session_users').pluck().get() as number;
    const insert = db.prepare<[number, string, string, string]>(
      'INSERT INTO user_sessions (user_ref, start_at, session_id, end_at) VALUES (?, ?, ?, ?)',
    );
    let at = Date.now();
    const batch = db.transaction(() => {
      for (let i = 0; i < BATCH_SIZE; i++, at += 1) {
        insert.run(
          userRef,
          new Date(at).toISOString(),
          randomBytes(16).toString('hex'),
          new Date(at + 3_600_000).toISOString(),
        );
      }
    });
    return (['FULL', 'OFF'] as const).map((synchronous) => {
      db.pragma(`synchronous = ${synchronous}`);
      for (let i = 0; i < 3; i++) batch(); // warm-up
      const samples: number[] = [];
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < BATCHES; i++) {
        const sent = performance.now();
        batch();
        samples.push(performance.now() - sent);
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      return {
        synchronous,
        batchMs: summarize(samples),
        recordsPerSecond: (BATCHES * BATCH_SIZE) / seconds,
        cpuMsPerBatch: (cpu.user + cpu.system) / 1000 / BATCHES,
        loadAverage: currentLoad(),
      };
    });
  } finally {
    db.close();
    removeDatabase(copy);
  }
}
