import type { Database } from 'better-sqlite3';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import { changesFromDocuments } from '../ingest-changes.ts';
import type { BulkImport } from '../source.ts';
import type { FreshnessToken } from './freshness.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import { createUserUpserter } from './upsert-users.ts';

/**
 * `npm run import` into an EMPTY store, as fast as the seed: one IMMEDIATE transaction over the
 * whole import, with the users' and sessions' indexes dropped at the start and built once at the
 * end by sorting, instead of a random B-tree insert per row and index (at 1,000,000 users the
 * session_id index alone is ~180,000 pages: every insert lands on a different one). The
 * aggregates' triggers (counts, search index, overview) still run per row, so they are exact.
 *
 * With the store empty no lookup can find anything, so each batch is checked only against itself
 * (the same rules as ingest). A user, _id, ductape_user_id or session_id repeated across batches
 * makes rebuilding its unique index fail: `finish` then rolls everything back and answers
 * 'repeats', and the caller imports the input the exact way (row by row, each repeat applied or
 * rejected). Killed midway, the transaction never commits: the store stays empty.
 */
export function createBulkImporter(db: Database, freshness: FreshnessToken, now: () => number) {
  const anyProduct = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM products)').pluck();
  const bulkIndexes = db
    .prepare<[], [name: string, sql: string]>(
      `SELECT name, sql FROM sqlite_schema
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('session_users', 'user_sessions')`,
    )
    .raw();
  const upsert = createUserUpserter(db, freshness, now, { knownEmpty: true });

  return (): BulkImport | undefined => {
    if (db.inTransaction || anyProduct.get() !== 0) return undefined;
    // Index builds sort through temporary files: in memory they would hold every key at once.
    db.pragma('temp_store = FILE');
    db.exec('BEGIN IMMEDIATE');
    let open = true;
    const end = (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      if (db.inTransaction) db.exec(sql);
      db.pragma('temp_store = MEMORY');
    };
    // Checked again inside the write lock: another process may have written in between.
    if (anyProduct.get() !== 0) {
      end('ROLLBACK');
      return undefined;
    }
    const indexes = bulkIndexes.all();
    try {
      for (const [name] of indexes) db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
    } catch (error) {
      end('ROLLBACK');
      throw error;
    }
    freshness.bump();
    return {
      add: (docs: readonly UserDocument[]) => ({
        accepted: docs.length,
        ...upsert(changesFromDocuments(docs), 'document'),
      }),
      finish(onIndexing) {
        onIndexing?.();
        try {
          for (const [, sql] of indexes) db.exec(sql);
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
