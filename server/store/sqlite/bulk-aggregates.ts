import type { Database, Statement } from 'better-sqlite3';
import type { UserChange } from '../ingest-plan.ts';
import { storedTime } from '../stored-time.ts';

/** Distinct keys held before they are added to their table (bounds memory at any import size). */
const FLUSH_AT = 100_000;
const DAY_MS = 86_400_000;

type Sums = Map<string, number[]>;

/**
 * The aggregates migration 4's triggers keep per row (user_counts, user_hours, session_days,
 * session_end_hours, session_ends), summed in memory while a bulk import inserts users with
 * their sessions, and added to their tables in a few thousand upserts instead of ~5 trigger
 * statements per row (which were most of an import's time). Same rules as the triggers:
 * - user_counts: one per user; user_hours: the UTC hour of first_seen and of last_seen;
 * - session_days: sessions started per UTC day, and the user once per day it started one;
 * - session_end_hours / session_ends: sessions not revoked, by the hour and the exact time they
 *   end. session_ends keeps the ends from 7 days before the newest session start on (the insert
 *   trigger forgets older ones), and every end from a day before `now` on: the overview reads
 *   ends inside the current hour only.
 * Only for users that are all new (an import into an empty store): a user seen before would have
 * to move its hours and days.
 */
export function createBulkAggregates(db: Database, now: () => number) {
  const refOf = db
    .prepare<[string, string], number>(
      'SELECT s.id FROM product_sessions s JOIN products p ON p.id = s.product_id WHERE p.tag = ? AND s.tag = ?',
    )
    .pluck();
  const tables: [sums: Sums, upsert: Statement][] = [];
  const table = (sql: string): Sums => {
    const sums: Sums = new Map();
    tables.push([sums, db.prepare(sql)]);
    return sums;
  };
  const counts = table(`INSERT INTO user_counts (session_ref, env, users) VALUES (?, ?, ?)
    ON CONFLICT DO UPDATE SET users = users + excluded.users`);
  const hours =
    table(`INSERT INTO user_hours (session_ref, env, hour, first_seen_users, last_seen_users) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET first_seen_users = first_seen_users + excluded.first_seen_users,
                              last_seen_users = last_seen_users + excluded.last_seen_users`);
  const days =
    table(`INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET sessions_started = sessions_started + excluded.sessions_started,
                              users_seen = users_seen + excluded.users_seen`);
  const endHours = table(`INSERT INTO session_end_hours (session_ref, env, hour, sessions) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`);
  const ends = table(`INSERT INTO session_ends (session_ref, env, end_at, sessions) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`);
  const nowCutoff = storedTime(Math.floor(now() / DAY_MS) * DAY_MS - DAY_MS).slice(0, 10);
  let newestDay = '';
  let keptEndsFrom = nowCutoff;
  const refs = new Map<string, number>();
  let held = 0;

  const add = (sums: Sums, key: string, values: readonly number[]) => {
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, [...values]);
      held += 1;
    } else for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
  };

  function flush(): void {
    for (const [sums, upsert] of tables) {
      for (const [key, values] of sums) {
        const tab = key.indexOf('\t');
        const ref = Number(key.slice(0, tab));
        const rest = key.slice(tab + 1).split('\t');
        upsert.run(ref, ...rest, ...values);
      }
      sums.clear();
    }
    held = 0;
  }

  return {
    /** Counts users just inserted (after the batch is written: their scopes are registered). */
    add(changes: readonly UserChange[]): void {
      for (const change of changes) {
        const scopeKey = `${change.product}\t${change.session}`;
        let ref = refs.get(scopeKey);
        if (ref === undefined) {
          ref = refOf.get(change.product, change.session);
          if (ref === undefined)
            throw new Error(`Session "${change.session}" of "${change.product}" is not registered`);
          refs.set(scopeKey, ref);
        }
        const scope = `${ref}\t${change.env}`;
        add(counts, scope, [1]);
        add(hours, `${scope}\t${change.first_seen.slice(0, 13)}`, [1, 0]);
        add(hours, `${scope}\t${change.last_seen.slice(0, 13)}`, [0, 1]);
        const userDays = new Map<string, number>();
        for (const session of change.sessions) {
          const day = session.start_at.slice(0, 10);
          if (day > newestDay) {
            newestDay = day;
            const weekBefore = storedTime(Date.parse(`${day}T00:00:00.000Z`) - 7 * DAY_MS).slice(0, 10);
            keptEndsFrom = weekBefore < nowCutoff ? weekBefore : nowCutoff;
          }
          userDays.set(day, (userDays.get(day) ?? 0) + 1);
          if (session.revoked) continue;
          add(endHours, `${scope}\t${session.end_at.slice(0, 13)}`, [1]);
          if (session.end_at >= keptEndsFrom) add(ends, `${scope}\t${session.end_at}`, [1]);
        }
        for (const [day, started] of userDays) add(days, `${scope}\t${day}`, [started, 1]);
      }
      if (held >= FLUSH_AT) flush();
    },
    /** Adds what is still held to the tables. */
    finish: flush,
  };
}
