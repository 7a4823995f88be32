import type { UserChange } from './ingest-plan.ts';
import { storedTime } from './stored-time.ts';

const DAY_MS = 86_400_000;

/** Sums by key: `${session_ref}\t${env}` then the bucket's parts, tab-separated. */
export type Sums = Map<string, number[]>;

/**
 * The overview's aggregates (user_counts, user_hours, session_days, session_end_hours,
 * session_ends), summed in memory by (session_ref, env, bucket) until a store adds them to its
 * tables. `scope` is `${session_ref}\t${env}`; a table's values are in its columns' order.
 */
export function createAggregateSums() {
  const tables = {
    user_counts: new Map() as Sums,
    user_hours: new Map() as Sums,
    session_days: new Map() as Sums,
    session_end_hours: new Map() as Sums,
    session_ends: new Map() as Sums,
  };
  let held = 0;

  const add = (sums: Sums, key: string, values: readonly number[]) => {
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, [...values]);
      held += 1;
    } else for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
  };

  return {
    tables,
    get held(): number {
      return held;
    },
    /** A new user: counted, and in the hours of its first_seen and last_seen. */
    user(scope: string, firstSeen: string, lastSeen: string): void {
      add(tables.user_counts, scope, [1]);
      add(tables.user_hours, `${scope}\t${firstSeen.slice(0, 13)}`, [1, 0]);
      add(tables.user_hours, `${scope}\t${lastSeen.slice(0, 13)}`, [0, 1]);
    },
    /** `sessions` started on `day` ('YYYY-MM-DD'), by `users` users not seen that day before. */
    started(scope: string, day: string, sessions: number, users: number): void {
      add(tables.session_days, `${scope}\t${day}`, [sessions, users]);
    },
    /** A session not revoked that ends at `endAt` (delta 1), or no longer does (-1). */
    ending(scope: string, endAt: string, delta: 1 | -1, exact = true): void {
      add(tables.session_end_hours, `${scope}\t${endAt.slice(0, 13)}`, [delta]);
      if (exact) add(tables.session_ends, `${scope}\t${endAt}`, [delta]);
    },
    /** Forgets what is held (after it was written, or a batch that failed after counting). */
    clear(): void {
      for (const sums of Object.values(tables)) sums.clear();
      held = 0;
    },
  };
}

export type AggregateSums = ReturnType<typeof createAggregateSums>;

/** A key's parts: the session_ref, then env and the bucket. */
export function keyParts(key: string): [ref: number, ...rest: string[]] {
  const tab = key.indexOf('\t');
  return [Number(key.slice(0, tab)), ...key.slice(tab + 1).split('\t')];
}

/**
 * Counts users that are all new (an import into an empty store, the seed's bulk load, the
 * tests' writer) into `sums`, over many batches. Same rules as the per-row triggers were:
 * - user_counts: one per user; user_hours: the UTC hour of first_seen and of last_seen;
 * - session_days: sessions started per UTC day, and the user once per day it started one;
 * - session_end_hours / session_ends: sessions not revoked, by the hour and the exact time they
 *   end. session_ends keeps the ends from 7 days before the newest session start on (the
 *   ingest path forgets older ones), and every end from a day before `now` on: the overview
 *   reads ends inside the current hour only.
 * A user seen before would have to move its hours and days: ingest counts those itself.
 * `refOf` answers the session type's row id by product and session tag.
 */
export function createNewUserCounter(
  sums: Pick<AggregateSums, 'user' | 'started' | 'ending'>,
  refOf: (product: string, session: string) => number,
  now: () => number,
) {
  const nowCutoff = storedTime(Math.floor(now() / DAY_MS) * DAY_MS - DAY_MS).slice(0, 10);
  let newestDay = '';
  let keptEndsFrom = nowCutoff;

  return {
    /** The oldest exact end kept so far: from 7 days before the newest start day (or a day before now). */
    get keptEndsFrom(): string {
      return keptEndsFrom;
    },
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
    },
  };
}
