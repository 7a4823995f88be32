import type { Sql } from 'postgres';
import type { Overview, OverviewDay } from '../../../src/contract/session-users.ts';
import { StoreError, type OverviewOptions } from '../source.ts';
import { storedTime } from '../stored-time.ts';
import type { PgScopes } from './pg-reads.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;

type TimeColumn = 'first_seen' | 'last_seen';
const HOUR_COUNT: Record<TimeColumn, string> = { first_seen: 'first_seen_users', last_seen: 'last_seen_users' };

/**
 * The overview, from the aggregates of migration 3 only, as SQLite reads its own (server/store/
 * sqlite/overview.ts): a rolling window sums whole hours and counts the partial hours at its two
 * ends in the users' time indexes; active sessions sum the end hours after this one and count the
 * exact ends inside it. One read-only snapshot, so the figures agree with each other.
 */
export function createPgOverviewReader(sql: Sql, scopes: PgScopes, now: () => number) {
  return async (version: string, { product, session, env, days }: OverviewOptions): Promise<Overview> => {
    if (!Number.isSafeInteger(days) || days < 1)
      throw new StoreError('invalid', 'days must be a positive whole number');
    const { sessionRef } = await scopes.resolve(version, product, session, env);
    const at = now();
    const nowIso = storedTime(at);
    const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
    const today = Math.floor(at / DAY_MS) * DAY_MS;
    const firstDay = storedTime(today - (days - 1) * DAY_MS).slice(0, 10);
    const lastDay = nowIso.slice(0, 10);

    return sql.begin('isolation level repeatable read read only', async (tx) => {
      const envs = () =>
        env === undefined
          ? tx`env IN (SELECT env FROM user_counts WHERE session_ref = ${sessionRef})`
          : tx`env = ${env}`;
      const one = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;

      const users = await one(
        tx`SELECT coalesce(sum(users), 0)::int AS n FROM user_counts WHERE session_ref = ${sessionRef} AND ${envs()}`,
      );
      const activeSessions =
        (await one(tx`
          SELECT coalesce(sum(sessions), 0)::int AS n FROM session_end_hours
           WHERE session_ref = ${sessionRef} AND ${envs()} AND hour > ${nowIso.slice(0, 13)}`)) +
        (await one(tx`
          SELECT coalesce(sum(sessions), 0)::int AS n FROM session_ends
           WHERE session_ref = ${sessionRef} AND ${envs()} AND end_at > ${nowIso}
             AND end_at < ${storedTime(hourStart + HOUR_MS)}`));

      // Users whose `column` lies in [fromIso, toIso) (both inside one hour): a short index range.
      const usersBetween = (column: TimeColumn, fromIso: string, toIso: string) =>
        one(tx`
          SELECT count(*)::int AS n FROM session_users
           WHERE session_ref = ${sessionRef} ${env === undefined ? tx`` : tx`AND env = ${env}`}
             AND ${tx(column)} >= ${fromIso} AND ${tx(column)} < ${toIso}`);
      // Users whose `column` lies in [at - span, at]: whole hours from the buckets, the two partial ones counted.
      const rolling = async (column: TimeColumn, span: number) => {
        const from = at - span;
        const firstHourEnd = Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS;
        const wholeHours = await one(tx`
          SELECT coalesce(sum(${tx(HOUR_COUNT[column])}), 0)::int AS n FROM user_hours
           WHERE session_ref = ${sessionRef} AND ${envs()}
             AND hour > ${storedTime(from).slice(0, 13)} AND hour < ${nowIso.slice(0, 13)}`);
        return (
          (await usersBetween(column, storedTime(from), storedTime(firstHourEnd))) +
          wholeHours +
          (await usersBetween(column, storedTime(hourStart), storedTime(at + 1)))
        );
      };
      const windows = async (column: TimeColumn) => ({
        '24h': await rolling(column, WINDOWS['24h']),
        '7d': await rolling(column, WINDOWS['7d']),
        '30d': await rolling(column, WINDOWS['30d']),
      });
      const newUsers = await windows('first_seen');
      const seenUsers = await windows('last_seen');

      const byDay = new Map<string, OverviewDay>();
      for (let i = days - 1; i >= 0; i--) {
        const date = storedTime(today - i * DAY_MS).slice(0, 10);
        byDay.set(date, { date, sessions_started: 0, new_users: 0, users_seen: 0 });
      }
      const sessionDays = await tx<{ day: string; started: number; seen: number }[]>`
        SELECT day, sum(sessions_started)::int AS started, sum(users_seen)::int AS seen FROM session_days
         WHERE session_ref = ${sessionRef} AND ${envs()} AND day >= ${firstDay} AND day <= ${lastDay} GROUP BY day`;
      for (const { day, started, seen } of sessionDays) {
        const entry = byDay.get(day);
        if (entry) Object.assign(entry, { sessions_started: started, users_seen: seen });
      }
      const newByDay = await tx<{ day: string; count: number }[]>`
        SELECT left(hour, 10) AS day, sum(first_seen_users)::int AS count FROM user_hours
         WHERE session_ref = ${sessionRef} AND ${envs()} AND hour >= ${firstDay} AND hour < ${`${lastDay}U`}
         GROUP BY left(hour, 10)`;
      for (const { day, count } of newByDay) {
        const entry = byDay.get(day);
        if (entry) entry.new_users = count;
      }

      return {
        users,
        active_sessions: activeSessions,
        new_users: newUsers,
        seen_users: seenUsers,
        daily: [...byDay.values()],
      };
    });
  };
}
