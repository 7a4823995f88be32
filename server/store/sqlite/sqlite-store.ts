import type { Database } from 'better-sqlite3';

import type { Catalog, FetchUsersResult } from '../../../src/contract/session-users.ts';
import type { FetchUsersOptions, SessionUsersSource } from '../source.ts';
import { createAccessEpoch } from './access-epoch.ts';
import { createCatalogReader } from './catalog.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { ANCHOR_STRIDE, PageAnchors } from './page-anchors.ts';
import { createScopeResolver } from './scope.ts';
import { prepareStoreWriter, type StoreWriter } from './store-writer.ts';
import { createUserByIdReader } from './user-by-id.ts';
import { createUserDetailsReader } from './user-details.ts';
import { createUsersPageReader } from './users-page.ts';
import { VersionedCache } from './versioned-cache.ts';

/** Pages of users kept until the next write (at most 100 users each: a few MB at most). */
const PAGE_CACHE_SIZE = 128;

export interface SqliteStoreOptions {
  /** The clock that decides which sessions are active; tests pin it. */
  now?: () => number;
  /** Users between two cached page anchors; tests make it small. */
  anchorStride?: number;
  /**
   * Pages of users kept in memory until the next write (default 128); 0 turns that and the
   * catalog cache off, for benchmarks of the queries themselves.
   */
  pageCacheSize?: number;
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
  /**
   * Builds the users lists' page anchors ahead of the first deep page (about 0.1 s of index reads
   * per million users and list), working for at most about `sliceMs`, largest lists first.
   * Returns true once every list longer than one anchor stride is built. Any write drops them.
   */
  warmPageAnchors(sliceMs: number): boolean;
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
  const readUsersPage = createUsersPageReader(db, resolveScope, anchors, freshnessToken);
  // Pages and the catalog are the same until the next write: the first pages of a big session are
  // asked for over and over, and answering from memory costs a fraction of the queries.
  const cacheSize = options.pageCacheSize ?? PAGE_CACHE_SIZE;
  const pages = new VersionedCache<FetchUsersResult>(cacheSize);
  const fetchUsers = (options: FetchUsersOptions): FetchUsersResult => {
    const token = freshnessToken();
    const { product, session, env, page, limit } = options;
    const key = JSON.stringify([product, session, env ?? null, page, limit]);
    if (cacheSize === 0) return readUsersPage(options);
    return pages.get(token, key) ?? pages.set(token, key, readUsersPage(options));
  };
  // Every list a deep page could need: each session (all environments) and each session and
  // environment, longest first.
  const anchoredLists = db
    .prepare<[number, number], [sessionRef: number, env: string | null]>(
      `SELECT session_ref, env FROM (
         SELECT session_ref, NULL AS env, sum(users) AS users FROM user_counts GROUP BY session_ref
         UNION ALL
         SELECT session_ref, env, users FROM user_counts)
       WHERE users > ? ORDER BY users DESC, session_ref, env IS NOT NULL, env LIMIT ?`,
    )
    .raw();
  const WARM_STEPS = 20;
  const warmSlice = db.transaction((deadline: number): boolean => {
    anchors.sync(freshnessToken());
    for (const [sessionRef, env] of anchoredLists.all(anchors.stride, 1_000)) {
      while (!anchors.warm(sessionRef, env ?? undefined, WARM_STEPS)) {
        if (performance.now() >= deadline) return false;
      }
    }
    return true;
  });
  const fetchUserDetails = createUserDetailsReader(db, resolveScope, now);
  const userById = createUserByIdReader(db);
  const readCatalog = createCatalogReader(db);
  const catalogs = new VersionedCache<Catalog>(1);
  const catalog = (): Catalog => {
    if (cacheSize === 0) return readCatalog();
    const token = freshnessToken();
    return catalogs.get(token, '') ?? catalogs.set(token, '', readCatalog());
  };
  const newWriter = prepareStoreWriter(db);
  const anyProduct = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM products)').pluck();
  const userCount = db.prepare<[], number>('SELECT coalesce(sum(users), 0) FROM user_counts').pluck();
  const accessEpoch = createAccessEpoch(db);

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
    // `meta` stays: clearing the data must not bring logged-out cookies back (a reset access epoch).
    `SELECT type, name FROM sqlite_schema
      WHERE type IN ('trigger', 'table') AND name NOT LIKE 'sqlite_%' AND name <> 'meta' ORDER BY type = 'table'`,
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
    fetchUsers: async (options) => rereadAfterDamage(db, () => fetchUsers(options)),
    fetchUserDetails: async (options) => rereadAfterDamage(db, () => fetchUserDetails(options)),
    userById: async (ductapeUserId) => rereadAfterDamage(db, () => userById(ductapeUserId)),
    catalog: async () => rereadAfterDamage(db, () => catalog()),
    accessEpoch: async () => accessEpoch.read(),
    bumpAccessEpoch: async () => accessEpoch.bump(),
    isEmpty: () => anyProduct.get() === 0,
    countUsers: () => userCount.get() ?? 0,
    warmPageAnchors: (sliceMs) => warmSlice(performance.now() + sliceMs),
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
      try {
        // Planner statistics are a nice-to-have: never wait for another writer's lock (a seed
        // running next to the server) and never let a damaged file keep the connection open.
        db.pragma('busy_timeout = 0');
        db.pragma('optimize');
      } catch {
        // Closing matters more than the statistics.
      } finally {
        db.close();
      }
    },
  };
}

/**
 * Runs a read. When it fails on damaged or unreadable pages, the connection's page cache is
 * emptied, so the next read goes back to the file: once the file is repaired or restored, reads
 * recover without a restart (otherwise the cache could keep serving the bad pages).
 */
function rereadAfterDamage<T>(db: Database, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (/^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code) && db.open) {
      try {
        db.pragma('shrink_memory');
      } catch {
        // The next read will report whatever is wrong.
      }
    }
    throw error;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
