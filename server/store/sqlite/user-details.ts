import type { Database } from 'better-sqlite3';

import type { IUserSessionInfo, UserDetails } from '../../../src/contract/session-users.ts';
import {
  nextSessionsCursor,
  toSessionInfos,
  toSessionTimes,
  type SessionKey,
  type SessionTimeRow,
  type SessionTuple,
} from '../history-page.ts';
import { notFound, type FetchUserDetailsOptions } from '../source.ts';
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
  // The whole history as one JSON text built by SQLite and parsed natively: better-sqlite3 builds
  // a JS array per row (or per value), which dominates for long histories (10,000 sessions: about
  // 4–5 ms instead of about 8 ms with one plucked query per column, 16 ms with row arrays). The
  // subquery walks the primary key backwards, already in order (no sort); see `inHistoryOrder`.
  const sessionsJson = db
    .prepare<[number], string>(
      `SELECT json_group_array(json_array(session_id, start_at, end_at, revoked, revoked_at)) FROM (
         SELECT session_id, start_at, end_at, revoked, revoked_at FROM user_sessions
          WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC)`,
    )
    .pluck();

  // A page of history: one range of the primary key from the cursor on, LIMIT n + 1 (is there more?).
  const pageColumns = 'session_id, start_at, end_at, revoked, revoked_at';
  const firstPageJson = db
    .prepare<[number, number], string>(
      `SELECT json_group_array(json_array(${pageColumns})) FROM (
         SELECT ${pageColumns} FROM user_sessions
          WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC LIMIT ?)`,
    )
    .pluck();
  const laterPageJson = db
    .prepare<[number, string, string, number], string>(
      `SELECT json_group_array(json_array(${pageColumns})) FROM (
         SELECT ${pageColumns} FROM user_sessions
          WHERE user_ref = ? AND (start_at, session_id) < (?, ?) ORDER BY start_at DESC, session_id DESC LIMIT ?)`,
    )
    .pluck();
  // Every session's times (first page): the same range as the whole history, without the IDs.
  const timesJson = db
    .prepare<[number], string>(
      `SELECT json_group_array(json_array(start_at, end_at, revoked)) FROM (
         SELECT start_at, end_at, revoked FROM user_sessions
          WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC)`,
    )
    .pluck();
  const counts = db
    .prepare<[string, number], [number, number]>(
      `SELECT count(*), coalesce(sum(revoked = 0 AND end_at > ?), 0) FROM user_sessions WHERE user_ref = ?`,
    )
    .raw();

  function pageOf(userRef: number, at: string, limit: number, after: SessionKey | undefined) {
    const json = after
      ? laterPageJson.get(userRef, after.start_at, after.session_id, limit + 1)
      : firstPageJson.get(userRef, limit + 1);
    const { sessions } = toSessionInfos(JSON.parse(json ?? '[]') as SessionTuple[], at);
    const more = sessions.length > limit;
    if (more) sessions.length = limit;
    return { sessions, next_sessions_cursor: nextSessionsCursor(sessions, more) };
  }

  function sessionsOf(userRef: number, at: string): { sessions: IUserSessionInfo[]; active: number } {
    return toSessionInfos(JSON.parse(sessionsJson.get(userRef) ?? '[]') as SessionTuple[], at);
  }

  return db.transaction((options: FetchUserDetailsOptions): UserDetails => {
    const { product, session, identifier, env, sessionsLimit, sessionsAfter } = options;
    const scope = resolveScope(product, session, env);
    const rows = rowsOfIdentifier.all(scope.sessionRef, identifier).sort(byMostRecentlySeen);
    const chosen = env === undefined ? rows[0] : rows.find((row) => row[3] === env);
    if (chosen === undefined) {
      const where = env === undefined ? '' : ` in environment "${env}"`;
      throw notFound(
        'USER_NOT_FOUND',
        `No user "${identifier}"${where} in session "${session}" of product "${product}"`,
      );
    }
    const [ref, ...userRow] = chosen;
    // ISO strings in one fixed format compare like the times they name.
    const at = new Date(now()).toISOString();
    const user = toSessionUser(userRow, product, session);
    const environments = rows.map((row) => row[3]);
    if (sessionsLimit !== undefined) {
      const page = pageOf(ref, at, sessionsLimit, sessionsAfter);
      if (sessionsAfter === undefined) {
        const timeRows = JSON.parse(timesJson.get(ref) ?? '[]') as SessionTimeRow[];
        const { times, active } = toSessionTimes(timeRows, at);
        const totals = { totalSessions: timeRows.length, activeSessionsCount: active };
        return { ...user, ...page, ...totals, environments, session_times: times };
      }
      const [total, active] = counts.get(at, ref) ?? [0, 0];
      return { ...user, ...page, totalSessions: total, activeSessionsCount: active, environments };
    }
    const { sessions, active } = sessionsOf(ref, at);
    return {
      ...user,
      sessions,
      totalSessions: sessions.length,
      activeSessionsCount: active,
      environments,
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
