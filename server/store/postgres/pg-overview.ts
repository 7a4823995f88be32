import type { PendingQuery, Row, Sql } from 'postgres';
import type { Overview, OverviewDay } from '../../../src/contract/session-users.ts';
import { StoreError, type OverviewOptions } from '../source.ts';
import { storedTime } from '../stored-time.ts';
import type { PgScopes } from './pg-reads.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;

type TimeColumn = 'first_seen' | 'last_seen';
const HOUR_COUNT: Record<TimeColumn, string> = { first_seen: 'first_seen_users', last_seen: 'last_seen_users' };

/**
 * The overview, from the aggregates of migration 3 only, as SQLite reads its own (server/store/
 * sqlite/overview.ts): a rolling window sums whole hours and counts the partial hours at its two
 * ends in the users' time indexes; active sessions sum the end hours after this one, the end
 * minutes after this one inside this hour (migration 6), and count the exact ends inside this minute. All of it is one statement: one round trip instead of two dozen, and one
 * snapshot, so the figures agree with each other.
 */
export function createPgOverviewReader(sql: Sql, scopes: PgScopes, now: () => number) {
  return async (version: string, { product, session, env, days }: OverviewOptions): Promise<Overview> => {
    if (!Number.isSafeInteger(days) || days < 1)
      throw new StoreError('invalid', 'days must be a positive whole number');
    const { sessionRef } = await scopes.resolve(version, product, session, env);
    const at = now();
    const nowIso = storedTime(at);
    const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
    const minuteStart = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const today = Math.floor(at / DAY_MS) * DAY_MS;
    const firstDay = storedTime(today - (days - 1) * DAY_MS).slice(0, 10);
    const lastDay = nowIso.slice(0, 10);

    const envs =
      env === undefined
        ? sql`env IN (SELECT env FROM user_counts WHERE session_ref = ${sessionRef})`
        : sql`env = ${env}`;
    const sum = (expression: string, from: string, where: PendingQuery<Row[]>) =>
      sql`(SELECT coalesce(sum(${sql.unsafe(expression)}), 0)::int FROM ${sql.unsafe(from)}
            WHERE session_ref = ${sessionRef} AND ${envs} ${where})`;
    // Users whose `column` lies in [fromIso, toIso) (both inside one hour): a short index range.
    const usersBetween = (column: TimeColumn, fromIso: string, toIso: string) =>
      sql`(SELECT count(*)::int FROM session_users
            WHERE session_ref = ${sessionRef} ${env === undefined ? sql`` : sql`AND env = ${env}`}
              AND ${sql(column)} >= ${fromIso} AND ${sql(column)} < ${toIso})`;
    // Users whose `column` lies in [at - span, at]: whole hours from the buckets, the two partial ones counted.
    const rolling = (column: TimeColumn, span: number) => {
      const from = at - span;
      const firstHourEnd = Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS;
      return sql`${usersBetween(column, storedTime(from), storedTime(firstHourEnd))}
        + ${sum(HOUR_COUNT[column], 'user_hours', sql`AND hour > ${storedTime(from).slice(0, 13)} AND hour < ${nowIso.slice(0, 13)}`)}
        + ${usersBetween(column, storedTime(hourStart), storedTime(at + 1))}`;
    };

    // One statement (one round trip, one snapshot, so the figures agree with each other).
    const [row] = await sql<
      {
        users: number;
        active: number;
        new_24h: number;
        new_7d: number;
        new_30d: number;
        seen_24h: number;
        seen_7d: number;
        seen_30d: number;
        session_days: [string, number, number][] | null;
        new_by_day: [string, number][] | null;
      }[]
    >`
      SELECT ${sum('users', 'user_counts', sql``)} AS users,
             ${sum('sessions', 'session_end_hours', sql`AND hour > ${nowIso.slice(0, 13)}`)}
               + ${sum('sessions', 'session_end_minutes', sql`AND minute > ${nowIso.slice(0, 16)} AND minute < ${storedTime(hourStart + HOUR_MS).slice(0, 16)}`)}
               + ${sum('sessions', 'session_ends', sql`AND end_at > ${nowIso} AND end_at < ${storedTime(minuteStart + MINUTE_MS)}`)} AS active,
             ${rolling('first_seen', WINDOWS['24h'])} AS new_24h,
             ${rolling('first_seen', WINDOWS['7d'])} AS new_7d,
             ${rolling('first_seen', WINDOWS['30d'])} AS new_30d,
             ${rolling('last_seen', WINDOWS['24h'])} AS seen_24h,
             ${rolling('last_seen', WINDOWS['7d'])} AS seen_7d,
             ${rolling('last_seen', WINDOWS['30d'])} AS seen_30d,
             (SELECT json_agg(json_build_array(day, started, seen)) FROM (
                SELECT day, sum(sessions_started)::int AS started, sum(users_seen)::int AS seen FROM session_days
                 WHERE session_ref = ${sessionRef} AND ${envs} AND day >= ${firstDay} AND day <= ${lastDay} GROUP BY day) d
             ) AS session_days,
             (SELECT json_agg(json_build_array(day, count)) FROM (
                SELECT day, sum(first_seen_users)::int AS count FROM user_days
                 WHERE session_ref = ${sessionRef} AND ${envs} AND day >= ${firstDay} AND day <= ${lastDay}
                 GROUP BY day) h
             ) AS new_by_day`;

    const byDay = new Map<string, OverviewDay>();
    for (let i = days - 1; i >= 0; i--) {
      const date = storedTime(today - i * DAY_MS).slice(0, 10);
      byDay.set(date, { date, sessions_started: 0, new_users: 0, users_seen: 0 });
    }
    for (const [day, started, seen] of row?.session_days ?? []) {
      const entry = byDay.get(day);
      if (entry) Object.assign(entry, { sessions_started: started, users_seen: seen });
    }
    for (const [day, count] of row?.new_by_day ?? []) {
      const entry = byDay.get(day);
      if (entry) entry.new_users = count;
    }
    return {
      users: row?.users ?? 0,
      active_sessions: row?.active ?? 0,
      new_users: { '24h': row?.new_24h ?? 0, '7d': row?.new_7d ?? 0, '30d': row?.new_30d ?? 0 },
      seen_users: { '24h': row?.seen_24h ?? 0, '7d': row?.seen_7d ?? 0, '30d': row?.seen_30d ?? 0 },
      daily: [...byDay.values()],
    };
  };
}
