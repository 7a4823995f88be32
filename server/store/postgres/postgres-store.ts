import postgres, { type Sql } from 'postgres';
import type { FetchUsersResult } from '../../../src/contract/session-users.ts';
import type { DashboardStore, StoreOptions, WarmResult } from '../dashboard-store.ts';
import { changesFromDocuments, changesFromRecords } from '../ingest-changes.ts';
import { StoreError, type FetchUsersOptions } from '../source.ts';
import { VersionedCache } from '../versioned-cache.ts';
import { PgPageAnchors } from './pg-anchors.ts';
import { pgBulkLoad, pgClear } from './pg-bulk.ts';
import { createPgBulkImporter } from './pg-bulk-import.ts';
import { postgresErrorKind, pgGuarded, pgGuardedIterable } from './pg-errors.ts';
import { createPgUserExporter } from './pg-export.ts';
import { createEndsForgetter } from './pg-forget-ends.ts';
import { migratePostgres } from './pg-migrations.ts';
import { createPgOverviewReader } from './pg-overview.ts';
import {
  createPgCatalogReader,
  createPgUserByIdReader,
  createPgUserDetailsReader,
  createPgUsersPageReader,
  PgScopes,
} from './pg-reads.ts';
import type { PostgresDatabaseLocation } from './pg-settings.ts';
import { noDelaySocket } from './pg-socket.ts';
import { createPgUpserter } from './pg-writes.ts';

const ANCHOR_STRIDE = 1000;
const PAGE_CACHE_SIZE = 128;
const MAX_WARM_LISTS = 1_000;

export interface PostgresStore extends DashboardStore {
  /** The connection pool, for tools and tests. */
  readonly sql: Sql;
  /** Deletes now the session ends the store would forget once writes pause (tests); answers how many. */
  forgetSessionEnds(): Promise<number>;
}

/**
 * The store for teams that outgrow one machine: PostgreSQL, shared by any number of server
 * processes. The data version lives in the database (store_state) and every request reads it
 * first (one indexed row): page caches, catalog caches, scope ids and page anchors kept in a
 * process are dropped as soon as any process writes, so every server answers like the others.
 */
export async function openPostgresStore(
  location: PostgresDatabaseLocation,
  options: StoreOptions = {},
): Promise<PostgresStore> {
  const sql = postgres(location.url, {
    max: location.poolSize,
    connect_timeout: Math.max(1, Math.ceil(location.connectTimeoutMs / 1000)),
    idle_timeout: 60,
    onnotice: () => {},
    fetch_types: false,
    // Not in postgres.js's types, but documented ("Custom socket"): see pg-socket.ts.
    ...({ socket: noDelaySocket(location.connectTimeoutMs) } as object),
    connection: {
      application_name: 'session-users-dashboard',
      statement_timeout: location.statementTimeoutMs,
    },
  });
  try {
    await migratePostgres(sql);
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      postgresErrorKind(error) ?? 'unavailable',
      `Cannot use the PostgreSQL database that DATABASE_URL names (${location.display}): ${reason}`,
      { cause: error },
    );
  }

  const now = options.now ?? Date.now;
  const scopes = new PgScopes(sql);
  const anchors = new PgPageAnchors(sql, options.anchorStride ?? ANCHOR_STRIDE);
  const usersPage = createPgUsersPageReader(sql, scopes, anchors);
  const userDetails = createPgUserDetailsReader(sql, scopes, now);
  const userById = createPgUserByIdReader(sql);
  const catalog = createPgCatalogReader(sql);
  const forgetter = createEndsForgetter(sql);
  const upsert = createPgUpserter(sql, now, forgetter);
  const beginBulkImport = createPgBulkImporter(sql, now);
  const exportUsers = createPgUserExporter(sql, now);
  const overview = createPgOverviewReader(sql, scopes, now);
  const cacheSize = options.pageCacheSize ?? PAGE_CACHE_SIZE;
  const pages = new VersionedCache<FetchUsersResult>(Math.max(cacheSize, 1));
  const catalogs = new VersionedCache<Awaited<ReturnType<typeof catalog>>>(1);

  const readVersion = async (): Promise<string> => {
    const [row] = await sql<
      { version: string }[]
    >`SELECT database_id || '.' || data_version AS version FROM store_state`;
    if (row === undefined) throw new StoreError('corrupt', 'The store_state row is missing.');
    return row.version;
  };

  const fetchUsers = async (query: FetchUsersOptions): Promise<FetchUsersResult> => {
    const version = await readVersion();
    if (cacheSize === 0) return usersPage(version, query);
    const key = JSON.stringify([
      query.product,
      query.session,
      query.env ?? null,
      query.q ?? null,
      query.sort ?? null,
      query.page,
      query.limit,
    ]);
    return pages.get(version, key) ?? pages.set(version, key, await usersPage(version, query));
  };

  let unfinishedUnder: string | undefined;
  const warmPageAnchors = async (sliceMs: number): Promise<WarmResult> => {
    const deadline = performance.now() + sliceMs;
    const version = await readVersion();
    if (unfinishedUnder !== undefined && unfinishedUnder !== version) {
      unfinishedUnder = undefined;
      return 'changed';
    }
    anchors.sync(version);
    const lists = await sql<{ session_ref: number; env: string | null }[]>`
      SELECT session_ref, env FROM (
        SELECT session_ref, NULL AS env, sum(users) AS users FROM user_counts GROUP BY session_ref
        UNION ALL SELECT session_ref, env, users FROM user_counts) l
       WHERE users > ${anchors.stride} ORDER BY users DESC, session_ref, env NULLS FIRST LIMIT ${MAX_WARM_LISTS}`;
    for (const { session_ref: ref, env } of lists) {
      while (!(await anchors.warm(ref, env ?? undefined, 'last_seen'))) {
        if (performance.now() >= deadline) {
          unfinishedUnder = version;
          return 'more';
        }
      }
    }
    unfinishedUnder = undefined;
    return 'done';
  };

  const run = pgGuarded;
  return {
    sql,
    location: location.display,
    fetchUsers: (query) => run(() => fetchUsers(query)),
    fetchUserDetails: (query) => run(async () => userDetails(await readVersion(), query)),
    userById: (ductapeUserId) => run(() => userById(ductapeUserId)),
    catalog: () =>
      run(async () => {
        const version = await readVersion();
        if (cacheSize === 0) return catalog();
        return catalogs.get(version, '') ?? catalogs.set(version, '', await catalog());
      }),
    overview: (query) => run(async () => overview(await readVersion(), query)),
    dataVersion: () => run(readVersion),
    ingest: (records, writeOptions) =>
      run(async () => {
        const { changes, problems } = changesFromRecords(records);
        return {
          accepted: records.length,
          ...(await upsert(changes, 'record', problems, writeOptions?.dryRun === true)),
        };
      }),
    importUsers: (docs, writeOptions) =>
      run(async () => ({
        accepted: docs.length,
        ...(await upsert(changesFromDocuments(docs), 'document', [], writeOptions?.dryRun === true)),
      })),
    beginBulkImport: () => run(beginBulkImport),
    exportUsers: (exportOptions) => pgGuardedIterable(exportUsers(exportOptions)),
    accessEpoch: () =>
      run(async () => {
        const [row] = await sql<{ epoch: number }[]>`SELECT access_epoch::int AS epoch FROM store_state`;
        return row?.epoch ?? 0;
      }),
    bumpAccessEpoch: () =>
      run(async () => {
        const [row] = await sql<{ epoch: number }[]>`
          UPDATE store_state SET access_epoch = access_epoch + 1 RETURNING access_epoch::int AS epoch`;
        return row?.epoch ?? 0;
      }),
    isEmpty: () =>
      run(async () => {
        const [row] = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM products) AS any`;
        return row?.any !== true;
      }),
    countUsers: () =>
      run(async () => {
        const [row] = await sql<{ users: number }[]>`SELECT coalesce(sum(users), 0)::int AS users FROM user_counts`;
        return row?.users ?? 0;
      }),
    clear: () => run(() => pgClear(sql)),
    bulkLoad: (products, users, loadOptions) => run(() => pgBulkLoad(sql, products, users, loadOptions)),
    warmPageAnchors: (sliceMs) => run(() => warmPageAnchors(sliceMs)),
    writeFailureReason: (error) => (error.cause instanceof Error ? error.cause.message : error.message),
    forgetSessionEnds: () => run(forgetter.forgetAll),
    close: () => {
      forgetter.stop();
      return sql.end({ timeout: 5 });
    },
  };
}
