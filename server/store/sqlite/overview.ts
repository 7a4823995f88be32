import type { Database } from 'better-sqlite3';

import type { Overview, OverviewDay } from '../../../src/contract/session-users.ts';
import { StoreError, type OverviewOptions } from '../source.ts';
import type { ResolveScope } from './scope.ts';
import { storedTime } from '../stored-time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;

type TimeColumn = 'first_seen' | 'last_seen';
const HOUR_COUNT: Record<TimeColumn, string> = { first_seen: 'first_seen_users', last_seen: 'last_seen_users' };

/**
 * The overview, from the aggregates of migration 4 only: user counts, hourly user buckets, daily
 * session buckets, session ends by hour and by exact time. A rolling window sums whole hours and
 * counts the partial hours at its two ends in the users' time indexes (at most an hour of users
 * each), so every figure is exact and no query reads more than a few thousand index entries.
 * Without an environment each bucket table is read once per environment of the session (`IN`).
 */
export function createOverviewReader(
  db: Database,
  resolveScope: ResolveScope,
  now: () => number,
): (options: OverviewOptions) => Overview {
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  return db.transaction(({ product, session, env, days }: OverviewOptions): Overview => {
    if (!Number.isSafeInteger(days) || days < 1)
      throw new StoreError('invalid', 'days must be a positive whole number');
    const scope = resolveScope(product, session, env);
    const at = now();
    const nowIso = storedTime(at);
    // Bind values for "this session (and environment)": one env, or every env the session has.
    const envs = env === undefined ? 'env IN (SELECT env FROM user_counts WHERE session_ref = ?)' : 'env = ?';
    const scoped = [scope.sessionRef, env ?? scope.sessionRef];
    const one = (sql: string, ...params: unknown[]) =>
      (prepared(sql)
        .pluck()
        .get(...scoped, ...params) as number | null) ?? 0;

    const users = one(`SELECT sum(users) FROM user_counts WHERE session_ref = ? AND ${envs}`);

    const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
    const activeSessions =
      one(
        `SELECT sum(sessions) FROM session_end_hours WHERE session_ref = ? AND ${envs} AND hour > ?`,
        nowIso.slice(0, 13),
      ) +
      one(
        `SELECT sum(sessions) FROM session_ends WHERE session_ref = ? AND ${envs} AND end_at > ? AND end_at < ?`,
        nowIso,
        storedTime(hourStart + HOUR_MS),
      );

    // Users whose `column` lies in [fromIso, toIso) (both inside one hour): a short index range.
    const usersBetween = (column: TimeColumn, fromIso: string, toIso: string) =>
      env === undefined
        ? (prepared(`SELECT count(*) FROM session_users WHERE session_ref = ? AND ${column} >= ? AND ${column} < ?`)
            .pluck()
            .get(scope.sessionRef, fromIso, toIso) as number)
        : (prepared(
            `SELECT count(*) FROM session_users WHERE session_ref = ? AND env = ? AND ${column} >= ? AND ${column} < ?`,
          )
            .pluck()
            .get(scope.sessionRef, env, fromIso, toIso) as number);
    // Users whose `column` lies in [at - span, at]: whole hours from the buckets, the two partial ones counted.
    const rolling = (column: TimeColumn, span: number) => {
      const from = at - span;
      const firstHourEnd = Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS;
      const wholeHours = one(
        `SELECT sum(${HOUR_COUNT[column]}) FROM user_hours WHERE session_ref = ? AND ${envs} AND hour > ? AND hour < ?`,
        storedTime(from).slice(0, 13),
        nowIso.slice(0, 13),
      );
      return (
        usersBetween(column, storedTime(from), storedTime(firstHourEnd)) +
        wholeHours +
        usersBetween(column, storedTime(hourStart), storedTime(at + 1))
      );
    };
    const windows = (column: TimeColumn) => ({
      '24h': rolling(column, WINDOWS['24h']),
      '7d': rolling(column, WINDOWS['7d']),
      '30d': rolling(column, WINDOWS['30d']),
    });

    const today = Math.floor(at / DAY_MS) * DAY_MS;
    const firstDay = storedTime(today - (days - 1) * DAY_MS).slice(0, 10);
    const lastDay = nowIso.slice(0, 10);
    const byDay = new Map<string, OverviewDay>();
    for (let i = days - 1; i >= 0; i--) {
      const date = storedTime(today - i * DAY_MS).slice(0, 10);
      byDay.set(date, { date, sessions_started: 0, new_users: 0, users_seen: 0 });
    }
    const sessionDays = prepared(
      `SELECT day, sum(sessions_started), sum(users_seen) FROM session_days
        WHERE session_ref = ? AND ${envs} AND day >= ? AND day <= ? GROUP BY day`,
    )
      .raw()
      .all(...scoped, firstDay, lastDay) as [string, number, number][];
    for (const [day, started, seen] of sessionDays) {
      const entry = byDay.get(day);
      if (entry) Object.assign(entry, { sessions_started: started, users_seen: seen });
    }
    const newByDay = prepared(
      `SELECT substr(hour, 1, 10) AS day, sum(first_seen_users) FROM user_hours
        WHERE session_ref = ? AND ${envs} AND hour >= ? AND hour < ? GROUP BY day`,
    )
      .raw()
      .all(...scoped, firstDay, `${lastDay}U`) as [string, number][];
    for (const [day, count] of newByDay) {
      const entry = byDay.get(day);
      if (entry) entry.new_users = count;
    }

    return {
      users,
      active_sessions: activeSessions,
      new_users: windows('first_seen'),
      seen_users: windows('last_seen'),
      daily: [...byDay.values()],
    };
  });
}
