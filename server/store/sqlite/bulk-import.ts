import type { Database } from 'better-sqlite3';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import { changesFromDocuments } from '../ingest-changes.ts';
import type { BulkImport } from '../source.ts';
import type { FreshnessToken } from './freshness.ts';
import { createBulkAggregates } from './bulk-aggregates.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import { createUserUpserter } from './upsert-users.ts';

/**
 * `npm run import` into an EMPTY store, as fast as the seed: one IMMEDIATE transaction over the
 * whole import, with the users' and sessions' indexes dropped at the start and built once at the
 * end by sorting, instead of a random B-tree insert per row and index (at 1,000,000 users the
 * session_id index alone is ~180,000 pages: every insert lands on a different one). The
 * triggers that keep the aggregates per row (counts, search index, overview) are dropped too and
 * made again at the end: the counts and overview buckets are summed while the rows go in
 * (bulk-aggregates.ts) and the search index is rebuilt in one pass, so they are exact when the
 * import commits.
 *
 * With the store empty no lookup can find anything, so each batch is checked only against itself
 * (the same rules as ingest). A user, _id, ductape_user_id or session_id repeated across batches
 * makes rebuilding its unique index fail: `finish` then rolls everything back and answers
 * 'repeats', and the caller imports the input the exact way (row by row, each repeat applied or
 * rejected). Killed midway, the transaction never commits: the store stays empty.
 */
const BULK_CACHE_KB = 32 * 1024;

export function createBulkImporter(db: Database, freshness: FreshnessToken, now: () => number) {
  const anyProduct = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM products)').pluck();
  const bulkSchema = db
    .prepare<[], [type: 'index' | 'trigger', name: string, sql: string]>(
      `SELECT type, name, sql FROM sqlite_schema
        WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('session_users', 'user_sessions')`,
    )
    .raw();
  const upsert = createUserUpserter(db, freshness, now, { knownEmpty: true });

  return (): BulkImport | undefined => {
    if (db.inTransaction || anyProduct.get() !== 0) return undefined;
    // Index builds sort through temporary files: in memory they would hold every key at once.
    db.pragma('temp_store = FILE');
    // The index builds sort with a helper thread: both cores of a small machine.
    db.pragma('threads = 2');
    // Rows go in at the end of their tables and nothing is looked up: a small cache does; it also
    // bounds each sort's memory (the process must stay under 400 MB RSS).
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = -${BULK_CACHE_KB}`);
    db.exec('BEGIN IMMEDIATE');
    let open = true;
    const end = (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      if (db.inTransaction) db.exec(sql);
      db.pragma('temp_store = MEMORY');
      db.pragma('threads = 0');
      db.pragma(`cache_size = ${cacheSize}`);
    };
    // Checked again inside the write lock: another process may have written in between.
    if (anyProduct.get() !== 0) {
      end('ROLLBACK');
      return undefined;
    }
    const dropped = bulkSchema.all();
    let aggregates: ReturnType<typeof createBulkAggregates>;
    try {
      for (const [type, name] of dropped) db.exec(`DROP ${type.toUpperCase()} ${quoteIdentifier(name)}`);
      aggregates = createBulkAggregates(db, now);
    } catch (error) {
      end('ROLLBACK');
      throw error;
    }
    freshness.bump();
    return {
      add: (docs: readonly UserDocument[]) => {
        const changes = changesFromDocuments(docs);
        const result = upsert(changes, 'document');
        aggregates.add(changes);
        return { accepted: docs.length, ...result };
      },
      finish(onIndexing) {
        onIndexing?.();
        try {
          aggregates.finish();
          for (const [, , sql] of dropped) db.exec(sql);
          db.exec(`INSERT INTO users_fts (users_fts) VALUES ('rebuild')`);
        } catch (error) {
          end('ROLLBACK');
          if (/^SQLITE_CONSTRAINT/.test(String((error as { code?: unknown }).code ?? ''))) return 'repeats';
          throw error;
        }
        end('COMMIT');
        return 'done';
      },
      abandon: () => end('ROLLBACK'),
    };
  };
}
