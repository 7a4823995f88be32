import type { Database } from 'better-sqlite3';

import type { FetchUsersResult } from '../../../src/contract/session-users.ts';
import { StoreError, type FetchUsersOptions } from '../source.ts';
import type { PageAnchors } from './page-anchors.ts';
import type { ResolveScope } from './scope.ts';
import { toSessionUser, USER_COLUMNS, type UserRow } from './user-rows.ts';

const ORDER = 'ORDER BY last_seen DESC, _id DESC';

/**
 * fetchUsers. A page reads about `limit` index entries wherever it is: pages within the first
 * anchor stride use a small OFFSET; deeper pages seek to the nearest anchor and skip fewer than
 * `stride` entries from there. The table itself is read only for the rows returned.
 */
export function createUsersPageReader(
  db: Database,
  resolveScope: ResolveScope,
  anchors: PageAnchors,
  freshnessToken: () => string,
): (options: FetchUsersOptions) => FetchUsersResult {
  const countAll = db
    .prepare<[number], number>('SELECT coalesce(sum(users), 0) FROM user_counts WHERE session_ref = ?')
    .pluck();
  const countInEnv = db
    .prepare<[number, string], number>('SELECT users FROM user_counts WHERE session_ref = ? AND env = ?')
    .pluck();
  const fromTop = db
    .prepare<[number, number, number], UserRow>(
      `SELECT ${USER_COLUMNS} FROM session_users WHERE session_ref = ? ${ORDER} LIMIT ? OFFSET ?`,
    )
    .raw();
  const fromTopInEnv = db
    .prepare<[number, string, number, number], UserRow>(
      `SELECT ${USER_COLUMNS} FROM session_users WHERE session_ref = ? AND env = ? ${ORDER} LIMIT ? OFFSET ?`,
    )
    .raw();
  const fromAnchor = db
    .prepare<[number, string, string, number, number], UserRow>(
      `SELECT ${USER_COLUMNS} FROM session_users WHERE session_ref = ? AND (last_seen, _id) <= (?, ?) ${ORDER} LIMIT ? OFFSET ?`,
    )
    .raw();
  const fromAnchorInEnv = db
    .prepare<[number, string, string, string, number, number], UserRow>(
      `SELECT ${USER_COLUMNS} FROM session_users WHERE session_ref = ? AND env = ? AND (last_seen, _id) <= (?, ?) ${ORDER} LIMIT ? OFFSET ?`,
    )
    .raw();

  function readRows(sessionRef: number, env: string | undefined, offset: number, limit: number): UserRow[] {
    if (offset >= anchors.stride) {
      anchors.sync(freshnessToken());
      const index = Math.floor(offset / anchors.stride);
      const anchor = anchors.keyAt(sessionRef, env, index);
      // An anchor always exists below the total; the plain query stays as a correct fallback.
      if (anchor !== undefined) {
        const skip = offset - index * anchors.stride;
        return env === undefined
          ? fromAnchor.all(sessionRef, ...anchor, limit, skip)
          : fromAnchorInEnv.all(sessionRef, env, ...anchor, limit, skip);
      }
    }
    return env === undefined
      ? fromTop.all(sessionRef, limit, offset)
      : fromTopInEnv.all(sessionRef, env, limit, offset);
  }

  // One read transaction: the total, the anchors and the rows all come from the same snapshot.
  return db.transaction(({ product, session, env, page, limit }: FetchUsersOptions): FetchUsersResult => {
    assertPositiveInteger('page', page);
    assertPositiveInteger('limit', limit);
    const scope = resolveScope(product, session, env);
    const total = (env === undefined ? countAll.get(scope.sessionRef) : countInEnv.get(scope.sessionRef, env)) ?? 0;
    const totalPages = Math.ceil(total / limit);
    const offset = (page - 1) * limit;
    if (offset >= total) return { users: [], total, page, limit, totalPages };
    const rows = readRows(scope.sessionRef, env, offset, limit);
    return { users: rows.map((row) => toSessionUser(row, product, session)), total, page, limit, totalPages };
  });
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new StoreError('invalid', `${name} must be a positive whole number`);
}
