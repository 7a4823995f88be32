import type { Database } from 'better-sqlite3';

import type { IUserSessionInfo, UserDetails } from '../../../src/contract/session-users.ts';
import { SourceError, type FetchUserDetailsOptions } from '../source.ts';
import type { ResolveScope } from './scope.ts';
import { toSessionUser, USER_COLUMNS, type UserRow } from './user-rows.ts';

type UserRowWithRef = [ref: number, ...UserRow];

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
  // One plucked column per query instead of one row array per session: better-sqlite3 builds a
  // JS array per row, and that dominates for long histories (10,000 sessions: ~8 ms instead of
  // ~16 ms). All four read the same key range in the same order inside one transaction.
  const sessionColumn = <T>(column: string) =>
    db
      .prepare<[number], T>(
        `SELECT ${column} FROM user_sessions WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC`,
      )
      .pluck();
  const sessionIds = sessionColumn<string>('session_id');
  const startTimes = sessionColumn<string>('start_at');
  const endTimes = sessionColumn<string>('end_at');
  const revokedFlags = sessionColumn<number>('revoked');

  function sessionsOf(userRef: number, at: string): { sessions: IUserSessionInfo[]; active: number } {
    const ids = sessionIds.all(userRef);
    const starts = startTimes.all(userRef);
    const ends = endTimes.all(userRef);
    const revokedColumn = revokedFlags.all(userRef);
    const sessions = new Array<IUserSessionInfo>(ids.length);
    let active = 0;
    for (let i = 0; i < ids.length; i++) {
      const endAt = ends[i] as string;
      const revoked = revokedColumn[i] === 1;
      const isActive = !revoked && endAt > at;
      if (isActive) active += 1;
      sessions[i] = {
        session_id: ids[i] as string,
        start_at: starts[i] as string,
        end_at: endAt,
        active: isActive,
        revoked,
      };
    }
    return { sessions, active };
  }

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
    // ISO strings in one fixed format compare like the times they name.
    const { sessions, active } = sessionsOf(ref, new Date(now()).toISOString());
    return {
      ...toSessionUser(userRow, product, session),
      sessions,
      totalSessions: sessions.length,
      activeSessionsCount: active,
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
