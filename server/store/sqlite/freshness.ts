import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/**
 * The store's freshness token: text that changes whenever the data may have changed. Page
 * caches, the catalog cache and page anchors built under one token are dropped when it moves, and
 * it is the base of `dataVersion()` (ETags). Reading it costs one pragma, no table access.
 *
 * - `bump()` counts this store's own write transactions;
 * - `data_version` moves when another connection (this process or another one) commits;
 * - `total_changes()` counts rows this connection changed however they were written (raw SQL in tests);
 * - the instance part differs on every open, so a token never repeats across restarts (an ETag
 *   taken before a restart cannot match data written after it).
 */
export class FreshnessToken {
  readonly #instance = randomBytes(6).toString('base64url');
  readonly #markers;
  #writes = 0;

  constructor(db: Database) {
    this.#markers = db
      .prepare<[], [number, number]>('SELECT (SELECT data_version FROM pragma_data_version), total_changes()')
      .raw();
  }

  /** Marks a write by this store; call it inside the write transaction. */
  bump(): void {
    this.#writes += 1;
  }

  current(): string {
    return `${this.#instance}.${this.#writes}.${this.#markers.get()?.join('.') ?? ''}`;
  }
}
