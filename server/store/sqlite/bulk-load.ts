import type { Database } from 'better-sqlite3';
import type { FreshnessToken } from './freshness.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import type { BatchWriter, StoreWriter } from './store-writer.ts';

export type BulkLoad = <T>(work: (writer: StoreWriter) => T, options?: { onIndexing?: () => void }) => T;

/**
 * Filling a store with many rows: the users and sessions indexes are dropped first and rebuilt at
 * the end by sorting, instead of a random B-tree insert per row and index. One IMMEDIATE
 * transaction: an interrupted load leaves the store as it was, and readers on other connections
 * keep seeing the data from before until it commits.
 */
export function createBulkLoader(db: Database, newWriter: () => BatchWriter, freshness: FreshnessToken): BulkLoad {
  const bulkIndexes = db
    .prepare<[], [name: string, sql: string]>(
      `SELECT name, sql FROM sqlite_schema
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('session_users', 'user_sessions')`,
    )
    .raw();
  const load = db.transaction((work: (writer: StoreWriter) => unknown, onIndexing?: () => void) => {
    freshness.bump();
    const indexes = bulkIndexes.all();
    for (const [name] of indexes) db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
    const writer = newWriter();
    const result = work(writer);
    writer.finish();
    onIndexing?.();
    for (const [, sql] of indexes) db.exec(sql);
    return result;
  });
  return <T>(work: (writer: StoreWriter) => T, options: { onIndexing?: () => void } = {}) =>
    load.immediate(work, options.onIndexing) as T;
}
