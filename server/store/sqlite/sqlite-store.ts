import type { Database } from 'better-sqlite3';

import type { SessionUsersSource } from '../source.ts';
import { createCatalogReader } from './catalog.ts';
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
  /** The connection, for tools and tests; writes should go through `write` or `clear`. */
  readonly db: Database;
  /** True when no product has been registered (so no users either). */
  isEmpty(): boolean;
  /** Session users across every product, session and environment (from the kept counts). */
  countUsers(): number;
  /** Runs `work` in one write transaction and returns its result. */
  write<T>(work: (writer: StoreWriter) => T): T;
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
  const clearAll = db.transaction(() => {
    writeVersion += 1;
    // Children first; the counts go before the users so the delete trigger finds nothing to update.
    db.exec(`
      DELETE FROM user_sessions;
      DELETE FROM user_counts;
      DELETE FROM session_users;
      DELETE FROM user_counts;
      DELETE FROM product_sessions;
      DELETE FROM product_envs;
      DELETE FROM products;
    `);
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
    clear: () => clearAll.immediate(),
    close() {
      if (!db.open) return;
      db.pragma('optimize');
      db.close();
    },
  };
}
