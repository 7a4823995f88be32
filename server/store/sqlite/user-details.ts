import type { Database } from 'better-sqlite3';

import type { IUserSessionInfo, UserDetails } from '../../../src/contract/session-users.ts';
import { SourceError, type FetchUserDetailsOptions } from '../source.ts';
import type { ResolveScope } from './scope.ts';
import { toSessionUser, USER_COLUMNS, type UserRow } from './user-rows.ts';

type UserRowWithRef = [ref: number, ...UserRow];
type SessionRow = [sessionId: string, startAt: string, endAt: string, revoked: 0 | 1];

/**
 * fetchUserDetails. Without `env` the identifier's most recently seen environment is shown;
 * `environments` lists every environment it exists in (most recent first) so the UI can switch.
 * Only this user's sessions are read: one range of the clustered `user_sessions` key.
 */
export function createUserDetailsReader(
  db: Database,
  resolveScope: ResolveScope,
  now: () => number,
): (options: FetchUserDetailsOptions) => UserDetails {
  // Sorted here, not in SQL: an ORDER BY could tempt the planner into walking the whole session's
  // recency index instead of looking the identifier up (it has a handful of rows at most).
  const rowsOfIdentifier = db
    .prepare<[number, string], UserRowWithRef>(
      `SELECT id, ${USER_COLUMNS} FROM session_users WHERE session_ref = ? AND identifier = ?`,
    )
    .raw();
  const sessionsOfUser = db
    .prepare<[number], SessionRow>(
      'SELECT session_id, start_at, end_at, revoked FROM user_sessions WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC',
    )
    .raw();

  return db.transaction(({ product, session, identifier, env }: FetchUserDetailsOptions): UserDetails => {
    const scope = resolveScope(product, session, env);
    const rows = rowsOfIdentifier.all(scope.sessionRef, identifier).sort(byMostRecentlySeen);
    const chosen = env === undefined ? rows[0] : rows.find((row) => row[3] === env);
    if (chosen === undefined) {
      const where = env === undefined ? '' : ` in environment "${env}"`;
      throw new SourceError(
        'USER_NOT_FOUND',
        `No user "${identifier}"${where} in session "${session}" of product "${product}"`,
      );
    }
    const [ref, ...userRow] = chosen;
    const at = new Date(now()).toISOString();
    let activeSessionsCount = 0;
    const sessions = sessionsOfUser.all(ref).map(([sessionId, startAt, endAt, revoked]): IUserSessionInfo => {
      const active = revoked === 0 && endAt > at;
      if (active) activeSessionsCount += 1;
      return { session_id: sessionId, start_at: startAt, end_at: endAt, active, revoked: revoked === 1 };
    });
    return {
      ...toSessionUser(userRow, product, session),
      sessions,
      totalSessions: sessions.length,
      activeSessionsCount,
      environments: rows.map((row) => row[3]),
    };
  });
}

/** `last_seen` DESC, then `_id` DESC, like the users list. */
function byMostRecentlySeen(a: UserRowWithRef, b: UserRowWithRef): number {
  return compareText(b[6], a[6]) || compareText(b[1], a[1]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
