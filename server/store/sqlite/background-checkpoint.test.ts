import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../src/contract/ingest.ts';
import { tempDir } from '../../tests/helpers.ts';
import { openSqliteStore } from './sqlite-store.ts';

const dir = tempDir('background-checkpoint');
afterAll(() => dir.remove());

const record = (n: number): SessionRecord => ({
  product: 'app',
  session: 'web',
  env: 'production',
  identifier: `user-${n}@example.com`,
  session_id: `session-${n}`,
  start_at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  end_at: new Date(Date.UTC(2026, 0, 1, 1, n)).toISOString(),
});

/** [busy, frames in the WAL, frames already copied into the file] as another connection sees them. */
function walState(file: string): number[] {
  const other = new Database(file, { fileMustExist: true });
  try {
    // NOOP: reports without copying anything itself.
    return Object.values((other.pragma('wal_checkpoint(NOOP)') as Record<string, number>[])[0]!);
  } finally {
    other.close();
  }
}

describe('checkpoints after ingest', () => {
  it('copy acknowledged batches into the database file in the background, and close cleanly', async () => {
    const file = join(dir.path, 'store.db');
    const store = openSqliteStore(file);
    const batch = Array.from({ length: 200 }, (_, n) => record(n));
    const result = await store.ingest(batch);
    expect(result.users_created).toBe(200);
    // A read right after the answer sees the batch, whatever the checkpoint is doing.
    expect(store.countUsers()).toBe(200);
    await expect.poll(() => walState(file)[2], { timeout: 5_000 }).toBe(walState(file)[1]);
    await store.close();
    // The main connection was the last one open: it checkpointed and removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = openSqliteStore(file);
    expect(reopened.countUsers()).toBe(200);
    await reopened.close();
  });
});
