import type { Database } from 'better-sqlite3';
import type { FreshnessToken } from './freshness.ts';
import { migrate } from './migrate.ts';
import { quoteIdentifier } from './quote-identifier.ts';

/**
 * Removes every product, session, user and user session by dropping and recreating the schema.
 * That frees whole pages; a DELETE would update every index and fire the count trigger row by row
 * (minutes for a million users). Foreign keys must be off for DROP TABLE not to run an implicit
 * DELETE, and that pragma only works outside a transaction. A VACUUM then hands the freed pages
 * back to the file system (cheap once the tables are empty).
 */
export function createSchemaReset(db: Database, freshness: FreshnessToken): () => void {
  const tablesAndTriggers = db.prepare<[], [type: string, name: string]>(
    // `meta` stays: clearing the data must not bring logged-out cookies back (a reset access epoch).
    `SELECT type, name FROM sqlite_schema
      WHERE type IN ('trigger', 'table') AND name NOT LIKE 'sqlite_%' AND name <> 'meta'
      ORDER BY type = 'table', sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
  );
  const recreate = db.transaction(() => {
    freshness.bump();
    for (const [type, name] of tablesAndTriggers.raw().all()) {
      // IF EXISTS: dropping a virtual table (the search index) drops its shadow tables with it.
      db.exec(`DROP ${type === 'trigger' ? 'TRIGGER' : 'TABLE IF EXISTS'} ${quoteIdentifier(name)}`);
    }
    db.pragma('user_version = 0');
    migrate(db);
  });
  return () => {
    db.pragma('foreign_keys = OFF');
    try {
      recreate.immediate();
    } finally {
      db.pragma('foreign_keys = ON');
    }
    db.exec('VACUUM');
  };
}
