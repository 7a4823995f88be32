import type { Database } from 'better-sqlite3';

import type { SessionUsersSource } from '../source.ts';
import { createCatalogReader } from './catalog.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { ANCHOR_STRIDE, PageAnchors } from './page-anchors.ts';
import { createScopeResolver } from './scope.ts';
import { prepareStoreWriter, type StoreWriter } from './store-writer.ts';
import { createUserByIdReader } from './user-by-id.ts';
import { createUserDetailsReader } from './user-details.ts';
import { createUsersPageReader } from './users-page.ts';

export interface SqliteStoreOptions {
  /** The clock that decides which sessions are active; tests pin it. */
  now?: () => number;
  /** Users between two cached page anchors; tests make it small. */
  anchorStride?: number;
}

export interface SqliteStore extends SessionUsersSource {
  /** The connection, for tools and tests; writes should go through `write`, `bulkLoad` or `clear`. */
  readonly db: Database;
  /** True when no product has been registered (so no users either). */
  isEmpty(): boolean;
  /** Session users across every product, session and environment (from the kept counts). */
  countUsers(): number;
  /** Runs `work` in one write transaction and returns its result. */
  write<T>(work: (writer: StoreWriter) => T): T;
  /**
   * Like `write`, for filling a store with many rows: the users and sessions indexes are dropped
   * first and rebuilt at the end by sorting (instead of a random B-tree insert per row and
   * index). All or nothing: one transaction, so an interrupted load leaves the store as it was.
   * Readers on other connections keep seeing the data from before until it commits.
   */
  bulkLoad<T>(work: (writer: StoreWriter) => T, options?: { onIndexing?: () => void }): T;
  /** Removes every product, session, user and user session. */
  clear(): void;
}

/** The embedded store: one SQLite file in WAL mode (or `:memory:`), schema migrated on open. */
export function openSqliteStore(filePath: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openDatabase(filePath);
  const now = options.now ?? Date.now;
  const resolveScope = createScopeResolver(db);

  // Bumped by this store's own writes; `data_version` moves when another connection commits and
  // `total_changes()` counts every row this connection changed, however it was written.
  let writeVersion = 0;
  const changeMarkers = db
    .prepare<[], [number, number]>('SELECT (SELECT data_version FROM pragma_data_version), total_changes()')
    .raw();
  const freshnessToken = () => `${writeVersion}:${changeMarkers.get()?.join(':')}`;

  const anchors = new PageAnchors(db, options.anchorStride ?? ANCHOR_STRIDE);
  const fetchUsers = createUsersPageReader(db, resolveScope, anchors, freshnessToken);
  const fetchUserDetails = createUserDetailsReader(db, resolveScope, now);
  const userById = createUserByIdReader(db);
  const catalog = createCatalogReader(db);
  const newWriter = prepareStoreWriter(db);
  const anyProduct = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM products)').pluck();
  const userCount = db.prepare<[], number>('SELECT coalesce(sum(users), 0) FROM user_counts').pluck();

  const writeBatch = db.transaction((work: (writer: StoreWriter) => unknown) => {
    writeVersion += 1;
    return work(newWriter());
  });
  const bulkIndexes = db
    .prepare<[], [name: string, sql: string]>(
      `SELECT name, sql FROM sqlite_schema
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('session_users', 'user_sessions')`,
    )
    .raw();
  const bulkLoad = db.transaction((work: (writer: StoreWriter) => unknown, onIndexing?: () => void) => {
    writeVersion += 1;
    const indexes = bulkIndexes.all();
    for (const [name] of indexes) db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
    const result = work(newWriter());
    onIndexing?.();
    for (const [, sql] of indexes) db.exec(sql);
    return result;
  });

  const tablesAndTriggers = db.prepare<[], [type: string, name: string]>(
    `SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table'`,
  );
  // Dropping and recreating the schema frees whole pages; a DELETE would update every index and
  // fire the count trigger row by row (minutes for a million users). Foreign keys must be off
  // for DROP TABLE not to run an implicit DELETE, and that pragma only works outside a transaction.
  const recreateSchema = db.transaction(() => {
    writeVersion += 1;
    for (const [type, name] of tablesAndTriggers.raw().all()) {
      db.exec(`DROP ${type === 'trigger' ? 'TRIGGER' : 'TABLE'} ${quoteIdentifier(name)}`);
    }
    db.pragma('user_version = 0');
    migrate(db);
  });

  return {
    db,
    fetchUsers: async (options) => fetchUsers(options),
    fetchUserDetails: async (options) => fetchUserDetails(options),
    userById: async (ductapeUserId) => userById(ductapeUserId),
    catalog: async () => catalog(),
    isEmpty: () => anyProduct.get() === 0,
    countUsers: () => userCount.get() ?? 0,
    write: <T>(work: (writer: StoreWriter) => T) => writeBatch.immediate(work) as T,
    bulkLoad: <T>(work: (writer: StoreWriter) => T, options: { onIndexing?: () => void } = {}) =>
      bulkLoad.immediate(work, options.onIndexing) as T,
    clear() {
      db.pragma('foreign_keys = OFF');
      try {
        recreateSchema.immediate();
      } finally {
        db.pragma('foreign_keys = ON');
      }
      // Hands the freed pages back to the file system; cheap now that the tables are empty.
      db.exec('VACUUM');
    },
    close() {
      if (!db.open) return;
      db.pragma('optimize');
      db.close();
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
