import type { Database } from 'better-sqlite3';

import type { FetchUsersResult } from '../../../src/contract/session-users.ts';
import { DEFAULT_SORT } from '../../../src/contract/view-params.ts';
import { StoreError, type FetchUsersOptions } from '../source.ts';
import type { PageAnchors } from './page-anchors.ts';
import type { ResolveScope } from './scope.ts';
import { createSearchCandidates } from './search-candidates.ts';
import { asciiLower, listKey, listParams, listSql, statementCache, type UserList } from './user-lists.ts';
import { toSessionUser, USER_COLUMNS, type UserRow } from './user-rows.ts';
import { VersionedCache } from '../versioned-cache.ts';

/** Search totals kept until the next write (a broad term's count is the costly part of its pages). */
const SEARCH_TOTALS_KEPT = 64;

/**
 * fetchUsers. A page reads about `limit` index entries wherever it is: pages within the first
 * anchor stride use a small OFFSET; deeper pages seek to the nearest anchor and skip fewer than
 * `stride` entries from there. The table itself is read only for the rows returned.
 *
 * With `q`: text of 3 or more characters first asks the trigram index for candidates; when there
 * are few (a selective term), the page and the exact total come from checking just those. Otherwise
 * (a broad term, or 1–2 characters, which have no trigram) the total counts matches in the
 * identifier index and the page walks the order's index, checking each identifier (matches are
 * dense then, so a page is found quickly), with anchors for deep pages as above.
 */
export function createUsersPageReader(
  db: Database,
  resolveScope: ResolveScope,
  anchors: PageAnchors,
  freshnessToken: () => string,
  { keepSearchTotals = true, maxSearchCandidates }: { keepSearchTotals?: boolean; maxSearchCandidates?: number } = {},
): (options: FetchUsersOptions) => FetchUsersResult {
  const statement = statementCache(db);
  const candidates = createSearchCandidates(db, maxSearchCandidates);
  const searchTotals = new VersionedCache<number>(keepSearchTotals ? SEARCH_TOTALS_KEPT : 0);
  const countAll = db
    .prepare<[number], number>('SELECT coalesce(sum(users), 0) FROM user_counts WHERE session_ref = ?')
    .pluck();
  const countInEnv = db
    .prepare<[number, string], number>('SELECT users FROM user_counts WHERE session_ref = ? AND env = ?')
    .pluck();

  function countMatches(list: UserList): number {
    const token = freshnessToken();
    const key = listKey({ ...list, sort: DEFAULT_SORT });
    const kept = searchTotals.get(token, key);
    if (kept !== undefined) return kept;
    const { where } = listSql(list);
    const total =
      statement<unknown[], number>(`SELECT count(*) FROM session_users WHERE ${where}`)
        .pluck()
        .get(...listParams(list)) ?? 0;
    return searchTotals.set(token, key, total);
  }

  function readRows(list: UserList, offset: number, limit: number): UserRow[] {
    const { where, order, column } = listSql(list);
    const params = listParams(list);
    if (offset >= anchors.stride) {
      anchors.sync(freshnessToken());
      const index = Math.floor(offset / anchors.stride);
      const anchor = anchors.keyAt(list, index);
      // An anchor always exists below the total; the plain query stays as a correct fallback.
      if (anchor !== undefined) {
        const skip = offset - index * anchors.stride;
        return statement<unknown[], UserRow>(
          `SELECT ${USER_COLUMNS} FROM session_users WHERE ${where} AND (${column}, _id) <= (?, ?) ${order} LIMIT ? OFFSET ?`,
        )
          .raw()
          .all(...params, ...anchor, limit, skip);
      }
    }
    return statement<unknown[], UserRow>(
      `SELECT ${USER_COLUMNS} FROM session_users WHERE ${where} ${order} LIMIT ? OFFSET ?`,
    )
      .raw()
      .all(...params, limit, offset);
  }

  // One read transaction: the total, the anchors and the rows all come from the same snapshot.
  return db.transaction((options: FetchUsersOptions): FetchUsersResult => {
    const { product, session, env, page, limit } = options;
    assertPositiveInteger('page', page);
    assertPositiveInteger('limit', limit);
    const scope = resolveScope(product, session, env);
    const q = options.q === undefined || options.q === '' ? undefined : asciiLower(options.q);
    // LIKE and FTS5 read their patterns as C strings: a U+0000 would cut the text short and match the
    // wrong users (or fail the FTS5 query). No stored identifier holds one (PostgreSQL cannot store it).
    if (q?.includes('\u0000')) return { users: [], total: 0, page, limit, totalPages: 0 };
    const list: UserList = { sessionRef: scope.sessionRef, env, sort: options.sort ?? DEFAULT_SORT, q };
    const offset = (page - 1) * limit;
    const few = q === undefined ? undefined : candidates.fewMatches(list);
    let total: number;
    if (few !== undefined) total = few.total;
    else if (q !== undefined) total = countMatches(list);
    else total = (env === undefined ? countAll.get(scope.sessionRef) : countInEnv.get(scope.sessionRef, env)) ?? 0;
    const totalPages = Math.ceil(total / limit);
    if (offset >= total) return { users: [], total, page, limit, totalPages };
    const rows = few !== undefined ? few.rows(offset, limit) : readRows(list, offset, limit);
    return { users: rows.map((row) => toSessionUser(row, product, session)), total, page, limit, totalPages };
  });
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new StoreError('invalid', `${name} must be a positive whole number`);
}
