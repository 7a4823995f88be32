import type { Database } from 'better-sqlite3';

import type { IngestResult, SessionRecord, UserDocument } from '../../../src/contract/ingest.ts';
import type { StoreOptions, WarmResult } from '../dashboard-store.ts';
import type { BulkImport, SessionUsersSource } from '../source.ts';
import { createAccessEpoch } from './access-epoch.ts';
import { createAnchorWarmer } from './anchor-warmup.ts';
import { createBulkImporter } from './bulk-import.ts';
import { createBulkLoader, type BulkLoad } from './bulk-load.ts';
import { createCatalogReader } from './catalog.ts';
import { createUserExporter } from './export-users.ts';
import { changesFromDocuments, changesFromRecords } from '../ingest-changes.ts';
import { closeDatabase } from './close-database.ts';
import { FreshnessToken } from './freshness.ts';
import { openDatabase } from './open-database.ts';
import { openFailure } from './open-failure.ts';
import { createOverviewReader } from './overview.ts';
import { ANCHOR_STRIDE, PageAnchors } from './page-anchors.ts';
import { cachedReads, PAGE_CACHE_SIZE } from './page-cache.ts';
import { createSchemaReset } from './schema-reset.ts';
import { createScopeResolver } from './scope.ts';
import { guarded, guardedIterable } from './sqlite-errors.ts';
import { prepareStoreWriter, type StoreWriter } from './store-writer.ts';
import { createUserByIdReader } from './user-by-id.ts';
import { createUserDetailsReader } from './user-details.ts';
import { createUsersPageReader } from './users-page.ts';
import { createUserUpserter } from './upsert-users.ts';

export interface SqliteStoreOptions extends StoreOptions {
  /** Trigram candidates above which a search is treated as broad (see search-candidates.ts); tests make it small. */
  maxSearchCandidates?: number;
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
   * Like `write`, for filling a store with many rows (see bulk-load.ts). All or nothing: an
   * interrupted load leaves the store as it was.
   */
  bulkLoad: BulkLoad;
  /** Removes every product, session, user and user session. */
  clear(): void;
  /**
   * Builds the users lists' page anchors ahead of the first deep page (about 0.1 s of index reads
   * per million users and list), working for at most about `sliceMs`, largest lists first.
   * Any write drops them (see anchor-warmup.ts for the answers).
   */
  warmPageAnchors(sliceMs: number): WarmResult;
}

/** The embedded store: one SQLite file in WAL mode (or `:memory:`), schema migrated on open. */
export function openSqliteStore(filePath: string, options: SqliteStoreOptions = {}): SqliteStore {
  let db: Database;
  try {
    db = openDatabase(filePath, options.dataCacheMb);
  } catch (error) {
    throw openFailure(filePath, error);
  }
  const now = options.now ?? Date.now;
  const freshness = new FreshnessToken(db);
  const resolveScope = createScopeResolver(db);
  const anchors = new PageAnchors(db, options.anchorStride ?? ANCHOR_STRIDE);
  const reads = cachedReads(freshness, options.pageCacheSize ?? PAGE_CACHE_SIZE, {
    usersPage: createUsersPageReader(db, resolveScope, anchors, () => freshness.current(), {
      keepSearchTotals: (options.pageCacheSize ?? PAGE_CACHE_SIZE) > 0,
      maxSearchCandidates: options.maxSearchCandidates,
    }),
    catalog: createCatalogReader(db),
  });
  const fetchUserDetails = createUserDetailsReader(db, resolveScope, now);
  const overview = createOverviewReader(db, resolveScope, now);
  const userById = createUserByIdReader(db);
  const newWriter = prepareStoreWriter(db, now);
  const anyProduct = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM products)').pluck();
  const userCount = db.prepare<[], number>('SELECT coalesce(sum(users), 0) FROM user_counts').pluck();
  const accessEpoch = createAccessEpoch(db);
  const writeBatch = db.transaction((work: (writer: StoreWriter) => unknown) => {
    freshness.bump();
    const writer = newWriter();
    const result = work(writer);
    writer.finish();
    return result;
  });

  const warmPageAnchors = createAnchorWarmer(db, anchors, freshness);
  const bulkLoad = createBulkLoader(db, newWriter, freshness);
  const clear = createSchemaReset(db, freshness);
  const upsert = createUserUpserter(db, freshness, now);
  const ingestBatch = db.transaction((records: readonly SessionRecord[]): IngestResult => {
    const { changes, problems } = changesFromRecords(records);
    return { accepted: records.length, ...upsert(changes, 'record', problems) };
  });
  const importBatch = db.transaction((docs: readonly UserDocument[]): IngestResult => ({
    accepted: docs.length,
    ...upsert(changesFromDocuments(docs), 'document'),
  }));
  const beginBulkImport = createBulkImporter(db, freshness, now);
  const exportUsers = createUserExporter(db, now);
  // A dry run applies the batch in a transaction that always rolls back, so it meets every check.
  const rollingBack = db.transaction((work: () => void) => {
    work();
    throw ROLL_BACK;
  });
  const dryRun = (work: () => IngestResult): IngestResult => {
    let result: IngestResult | undefined;
    try {
      rollingBack.immediate(() => {
        result = work();
      });
    } catch (error) {
      if (error !== ROLL_BACK) throw error;
    }
    if (result === undefined) throw new Error('The dry run gave no result');
    return result;
  };
  // Every method converts SQLite's failures into store-neutral StoreErrors (see sqlite-errors.ts).
  const run = <T>(work: () => T): T => guarded(db, work);

  return {
    db,
    fetchUsers: async (options) => run(() => reads.fetchUsers(options)),
    fetchUserDetails: async (options) => run(() => fetchUserDetails(options)),
    userById: async (ductapeUserId) => run(() => userById(ductapeUserId)),
    catalog: async () => run(() => reads.catalog()),
    overview: async (overviewOptions) => run(() => overview(overviewOptions)),
    dataVersion: async () => run(() => freshness.current()),
    // IMMEDIATE: the write lock is taken before the checks read, so nothing moves in between.
    ingest: async (records, writeOptions) =>
      run(() => (writeOptions?.dryRun ? dryRun(() => ingestBatch(records)) : ingestBatch.immediate(records))),
    importUsers: async (docs, writeOptions) =>
      run(() => (writeOptions?.dryRun ? dryRun(() => importBatch(docs)) : importBatch.immediate(docs))),
    beginBulkImport: (): BulkImport | undefined => {
      const bulk = run(beginBulkImport);
      return (
        bulk && {
          add: (docs) => run(() => bulk.add(docs)),
          finish: (onIndexing) => run(() => bulk.finish(onIndexing)),
          abandon: () => run(bulk.abandon),
        }
      );
    },
    exportUsers: (exportOptions) => guardedIterable(exportUsers(exportOptions)),
    accessEpoch: async () => run(() => accessEpoch.read()),
    bumpAccessEpoch: async () => run(() => accessEpoch.bump()),
    isEmpty: () => run(() => anyProduct.get() === 0),
    countUsers: () => run(() => userCount.get() ?? 0),
    warmPageAnchors: (sliceMs) => run(() => warmPageAnchors(sliceMs)),
    write: <T>(work: (writer: StoreWriter) => T) => run(() => writeBatch.immediate(work) as T),
    bulkLoad: (work, loadOptions) => run(() => bulkLoad(work, loadOptions)),
    clear: () => run(clear),
    close: async () => closeDatabase(db),
  };
}

/** Thrown to end a dry run's transaction with a rollback. */
const ROLL_BACK = new Error('dry run: roll back');
