import type { Database, Statement } from 'better-sqlite3';
import type { UserChange } from '../ingest-plan.ts';
import { storedTime } from '../stored-time.ts';

/** Distinct keys held before they are added to their table (bounds memory at any import size). */
const FLUSH_AT = 100_000;
const DAY_MS = 86_400_000;

type Sums = Map<string, number[]>;

/**
 * The overview's aggregates (user_counts, user_hours, session_days, session_end_hours,
 * session_ends: migration 4), summed in memory by (session_ref, env, bucket) and added to their
 * tables once per bucket at `flush`, instead of several statements per row (migration 5 dropped
 * the per-row insert triggers: every writer counts through this). A bucket whose sum is
 * negative is only updated, never created: a decrement of a bucket that is not there (an end
 * forgotten by session_ends, or older than migration 4 copied) changes nothing, as the triggers'
 * UPDATE did. `scope` is `${session_ref}\t${env}`.
 */
export function createAggregateSums(db: Database) {
  // upsert: (session_ref, env, bucket…, values…); decrement: (values…, session_ref, env, bucket…).
  const tables: [sums: Sums, upsert: Statement, decrement: Statement][] = [];
  const table = (upsert: string, decrement: string): Sums => {
    const sums: Sums = new Map();
    tables.push([sums, db.prepare(upsert), db.prepare(decrement)]);
    return sums;
  };
  const counts = table(
    `INSERT INTO user_counts (session_ref, env, users) VALUES (?, ?, ?)
     ON CONFLICT DO UPDATE SET users = users + excluded.users`,
    'UPDATE user_counts SET users = users + ? WHERE session_ref = ? AND env = ?',
  );
  const hours = table(
    `INSERT INTO user_hours (session_ref, env, hour, first_seen_users, last_seen_users) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET first_seen_users = first_seen_users + excluded.first_seen_users,
                               last_seen_users = last_seen_users + excluded.last_seen_users`,
    `UPDATE user_hours SET first_seen_users = first_seen_users + ?, last_seen_users = last_seen_users + ?
      WHERE session_ref = ? AND env = ? AND hour = ?`,
  );
  const days = table(
    `INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET sessions_started = sessions_started + excluded.sessions_started,
                               users_seen = users_seen + excluded.users_seen`,
    `UPDATE session_days SET sessions_started = sessions_started + ?, users_seen = users_seen + ?
      WHERE session_ref = ? AND env = ? AND day = ?`,
  );
  const endHours = table(
    `INSERT INTO session_end_hours (session_ref, env, hour, sessions) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
    'UPDATE session_end_hours SET sessions = sessions + ? WHERE session_ref = ? AND env = ? AND hour = ?',
  );
  const ends = table(
    `INSERT INTO session_ends (session_ref, env, end_at, sessions) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
    'UPDATE session_ends SET sessions = sessions + ? WHERE session_ref = ? AND env = ? AND end_at = ?',
  );
  let held = 0;

  const add = (sums: Sums, key: string, values: readonly number[]) => {
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, [...values]);
      held += 1;
    } else for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
  };

  return {
    get held(): number {
      return held;
    },
    /** A new user: counted, and in the hours of its first_seen and last_seen. */
    user(scope: string, firstSeen: string, lastSeen: string): void {
      add(counts, scope, [1]);
      add(hours, `${scope}\t${firstSeen.slice(0, 13)}`, [1, 0]);
      add(hours, `${scope}\t${lastSeen.slice(0, 13)}`, [0, 1]);
    },
    /** `sessions` started on `day` ('YYYY-MM-DD'), by `users` users not seen that day before. */
    started(scope: string, day: string, sessions: number, users: number): void {
      add(days, `${scope}\t${day}`, [sessions, users]);
    },
    /** A session not revoked that ends at `endAt` (delta 1), or no longer does (-1). */
    ending(scope: string, endAt: string, delta: 1 | -1, exact = true): void {
      add(endHours, `${scope}\t${endAt.slice(0, 13)}`, [delta]);
      if (exact) add(ends, `${scope}\t${endAt}`, [delta]);
    },
    /** Forgets what is held (a batch that failed after counting). */
    discard(): void {
      for (const [sums] of tables) sums.clear();
      held = 0;
    },
    /** Adds what is held to the tables. */
    flush(): void {
      for (const [sums, upsert, decrement] of tables) {
        for (const [key, values] of sums) {
          if (values.every((value) => value === 0)) continue;
          const tab = key.indexOf('\t');
          const ref = Number(key.slice(0, tab));
          const rest = key.slice(tab + 1).split('\t');
          if (values.some((value) => value < 0)) decrement.run(...values, ref, ...rest);
          else upsert.run(ref, ...rest, ...values);
        }
        sums.clear();
      }
      held = 0;
    },
  };
}

/** The session type's row id by product and session tag (for the aggregates' scopes), cached per batch. */
function createScopeRefs(db: Database): () => (product: string, session: string) => number {
  const refOf = db
    .prepare<[string, string], number>(
      'SELECT s.id FROM product_sessions s JOIN products p ON p.id = s.product_id WHERE p.tag = ? AND s.tag = ?',
    )
    .pluck();
  return () => {
    const refs = new Map<string, number>();
    return (product, session) => {
      const scopeKey = `${product}\t${session}`;
      let ref = refs.get(scopeKey);
      if (ref === undefined) {
        ref = refOf.get(product, session);
        if (ref === undefined) throw new Error(`Session "${session}" of "${product}" is not registered`);
        refs.set(scopeKey, ref);
      }
      return ref;
    };
  };
}

/**
 * The aggregates of users that are all new (an import into an empty store, the seed's bulk load,
 * the tests' writer), summed over many batches. Same rules as the per-row triggers were:
 * - user_counts: one per user; user_hours: the UTC hour of first_seen and of last_seen;
 * - session_days: sessions started per UTC day, and the user once per day it started one;
 * - session_end_hours / session_ends: sessions not revoked, by the hour and the exact time they
 *   end. session_ends keeps the ends from 7 days before the newest session start on (the
 *   ingest path forgets older ones), and every end from a day before `now` on: the overview
 *   reads ends inside the current hour only.
 * A user seen before would have to move its hours and days: ingest counts those itself
 * (upsert-users.ts).
 */
export function createBulkAggregates(db: Database, now: () => number) {
  const sums = createAggregateSums(db);
  const refOf = createScopeRefs(db)();
  const nowCutoff = storedTime(Math.floor(now() / DAY_MS) * DAY_MS - DAY_MS).slice(0, 10);
  let newestDay = '';
  let keptEndsFrom = nowCutoff;

  return {
    /** Counts users just inserted (after the batch is written: their scopes are registered). */
    add(changes: readonly UserChange[]): void {
      for (const change of changes) {
        const scope = `${refOf(change.product, change.session)}\t${change.env}`;
        sums.user(scope, change.first_seen, change.last_seen);
        const userDays = new Map<string, number>();
        for (const session of change.sessions) {
          const day = session.start_at.slice(0, 10);
          if (day > newestDay) {
            newestDay = day;
            const weekBefore = storedTime(Date.parse(`${day}T00:00:00.000Z`) - 7 * DAY_MS).slice(0, 10);
            keptEndsFrom = weekBefore < nowCutoff ? weekBefore : nowCutoff;
          }
          userDays.set(day, (userDays.get(day) ?? 0) + 1);
          if (!session.revoked) sums.ending(scope, session.end_at, 1, session.end_at >= keptEndsFrom);
        }
        for (const [day, started] of userDays) sums.started(scope, day, started, 1);
      }
      if (sums.held >= FLUSH_AT) sums.flush();
    },
    /** Adds what is still held to the tables. */
    finish: sums.flush,
  };
}
