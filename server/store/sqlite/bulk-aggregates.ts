import type { Database, Statement } from 'better-sqlite3';
import type { UserChange } from '../ingest-plan.ts';
import { createAggregateSums as createSums, createNewUserCounter, keyParts } from '../aggregate-sums.ts';

/** Distinct keys held before they are added to their table (bounds memory at any import size). */
const FLUSH_AT = 100_000;

/**
 * The overview's aggregates (migration 4), summed in memory (aggregate-sums.ts) and added to
 * their tables once per bucket at `flush`, instead of several statements per row (migration 5
 * dropped the per-row insert triggers: every writer counts through this). A bucket whose sum is
 * negative is only updated, never created: a decrement of a bucket that is not there (an end
 * forgotten by session_ends, or older than migration 4 copied) changes nothing, as the triggers'
 * UPDATE did.
 */
export function createAggregateSums(db: Database) {
  const sums = createSums();
  // upsert: (session_ref, env, bucket…, values…); decrement: (values…, session_ref, env, bucket…).
  const statements = (upsert: string, decrement: string): [Statement, Statement] => [
    db.prepare(upsert),
    db.prepare(decrement),
  ];
  const tables: [Map<string, number[]>, [Statement, Statement]][] = [
    [
      sums.tables.user_counts,
      statements(
        `INSERT INTO user_counts (session_ref, env, users) VALUES (?, ?, ?)
         ON CONFLICT DO UPDATE SET users = users + excluded.users`,
        'UPDATE user_counts SET users = users + ? WHERE session_ref = ? AND env = ?',
      ),
    ],
    [
      sums.tables.user_hours,
      statements(
        `INSERT INTO user_hours (session_ref, env, hour, first_seen_users, last_seen_users) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET first_seen_users = first_seen_users + excluded.first_seen_users,
                                   last_seen_users = last_seen_users + excluded.last_seen_users`,
        `UPDATE user_hours SET first_seen_users = first_seen_users + ?, last_seen_users = last_seen_users + ?
          WHERE session_ref = ? AND env = ? AND hour = ?`,
      ),
    ],
    [
      sums.tables.session_days,
      statements(
        `INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET sessions_started = sessions_started + excluded.sessions_started,
                                   users_seen = users_seen + excluded.users_seen`,
        `UPDATE session_days SET sessions_started = sessions_started + ?, users_seen = users_seen + ?
          WHERE session_ref = ? AND env = ? AND day = ?`,
      ),
    ],
    [
      sums.tables.session_end_hours,
      statements(
        `INSERT INTO session_end_hours (session_ref, env, hour, sessions) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
        'UPDATE session_end_hours SET sessions = sessions + ? WHERE session_ref = ? AND env = ? AND hour = ?',
      ),
    ],
    [
      sums.tables.session_ends,
      statements(
        `INSERT INTO session_ends (session_ref, env, end_at, sessions) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions`,
        'UPDATE session_ends SET sessions = sessions + ? WHERE session_ref = ? AND env = ? AND end_at = ?',
      ),
    ],
  ];

  return {
    get held(): number {
      return sums.held;
    },
    user: sums.user,
    started: sums.started,
    ending: sums.ending,
    /** Forgets what is held (a batch that failed after counting). */
    discard: sums.clear,
    /** Adds what is held to the tables. */
    flush(): void {
      for (const [held, [upsert, decrement]] of tables) {
        for (const [key, values] of held) {
          if (values.every((value) => value === 0)) continue;
          const [ref, ...rest] = keyParts(key);
          if (values.some((value) => value < 0)) decrement.run(...values, ref, ...rest);
          else upsert.run(ref, ...rest, ...values);
        }
      }
      sums.clear();
    },
  };
}

/** The session type's row id by product and session tag (for the aggregates' scopes), cached. */
function createScopeRefs(db: Database): (product: string, session: string) => number {
  const refOf = db
    .prepare<[string, string], number>(
      'SELECT s.id FROM product_sessions s JOIN products p ON p.id = s.product_id WHERE p.tag = ? AND s.tag = ?',
    )
    .pluck();
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
}

/**
 * The aggregates of users that are all new (an import into an empty store, the seed's bulk load,
 * the tests' writer), summed over many batches by the rules of aggregate-sums.ts
 * (createNewUserCounter). A user seen before would have to move its hours and days: ingest
 * counts those itself (upsert-users.ts).
 */
export function createBulkAggregates(db: Database, now: () => number) {
  const sums = createAggregateSums(db);
  const counter = createNewUserCounter(sums, createScopeRefs(db), now);
  return {
    /** Counts users just inserted (after the batch is written: their scopes are registered). */
    add(changes: readonly UserChange[]): void {
      counter.add(changes);
      if (sums.held >= FLUSH_AT) sums.flush();
    },
    /** Adds what is still held to the tables. */
    finish: sums.flush,
  };
}
