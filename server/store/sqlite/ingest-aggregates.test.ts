import { describe, expect, it } from 'vitest';

import type { SessionRecord } from '../../../src/contract/ingest.ts';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { insertUsers, registerScope } from './test-data.ts';

/**
 * Ingest sums the overview's aggregates per batch (migration 5 dropped the per-row insert
 * triggers). After batches mixing new users, new sessions of stored users (on a day they were
 * already seen and on a new one), refreshes across an hour, revocations and new revoked sessions,
 * every aggregate table equals the same figures counted from scratch from the rows.
 */
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 30, 14, 25, 37, 123);
const iso = (ms: number) => new Date(ms).toISOString();

const FROM_SCRATCH: Record<string, string> = {
  user_counts: 'SELECT session_ref, env, count(*) FROM session_users GROUP BY 1, 2',
  user_hours: `SELECT session_ref, env, hour, sum(first), sum(last) FROM (
      SELECT session_ref, env, substr(first_seen, 1, 13) AS hour, 1 AS first, 0 AS last FROM session_users
      UNION ALL SELECT session_ref, env, substr(last_seen, 1, 13), 0, 1 FROM session_users
    ) GROUP BY 1, 2, 3`,
  session_days: `SELECT u.session_ref, u.env, d.day, sum(d.sessions), count(*)
      FROM (SELECT user_ref, substr(start_at, 1, 10) AS day, count(*) AS sessions FROM user_sessions GROUP BY 1, 2) d
      JOIN session_users u ON u.id = d.user_ref GROUP BY 1, 2, 3`,
  session_end_hours: `SELECT u.session_ref, u.env, substr(s.end_at, 1, 13), count(*)
      FROM user_sessions s JOIN session_users u ON u.id = s.user_ref WHERE s.revoked = 0 GROUP BY 1, 2, 3`,
  session_ends: `SELECT u.session_ref, u.env, s.end_at, count(*)
      FROM user_sessions s JOIN session_users u ON u.id = s.user_ref WHERE s.revoked = 0 GROUP BY 1, 2, 3`,
};
const KEPT: Record<string, string> = {
  user_counts: 'SELECT session_ref, env, users FROM user_counts WHERE users <> 0',
  user_hours: `SELECT session_ref, env, hour, first_seen_users, last_seen_users FROM user_hours
    WHERE first_seen_users <> 0 OR last_seen_users <> 0`,
  session_days:
    'SELECT session_ref, env, day, sessions_started, users_seen FROM session_days WHERE sessions_started <> 0',
  session_end_hours: 'SELECT session_ref, env, hour, sessions FROM session_end_hours WHERE sessions <> 0',
  session_ends: 'SELECT session_ref, env, end_at, sessions FROM session_ends WHERE sessions <> 0',
};

function expectExact(store: SqliteStore): void {
  for (const table of Object.keys(FROM_SCRATCH)) {
    const rows = (sql: string) => store.db.prepare(`${sql} ORDER BY 1, 2, 3`).raw().all();
    expect({ table, rows: rows(KEPT[table]!) }).toEqual({ table, rows: rows(FROM_SCRATCH[table]!) });
  }
}

const record = (identifier: string, sessionId: string, start: number, end: number, extra = {}): SessionRecord => ({
  product: 'shop',
  session: 'login',
  env: identifier.startsWith('s') ? 'staging' : 'production',
  identifier,
  session_id: sessionId,
  start_at: iso(start),
  end_at: iso(end),
  ...extra,
});

describe('aggregates summed per ingest batch', () => {
  it('equal the figures counted from the rows after new users, returning users, refreshes and revocations', async () => {
    const store = openSqliteStore(':memory:', { now: () => NOW });
    try {
      // Users written by the seed's writer first (their aggregates summed by the writer too).
      registerScope(store, 'shop', ['login'], ['production', 'staging']);
      insertUsers(store, [
        {
          identifier: 'p-seeded',
          env: 'production',
          product: 'shop',
          session: 'login',
          lastSeen: NOW - 2 * HOUR,
          sessions: [{ session_id: 'seed-1', start_at: NOW - 3 * HOUR, end_at: NOW + HOUR, revoked: false }],
        },
      ]);
      expectExact(store);
      await store.ingest([
        record('p-a', 'a-1', NOW - 30 * HOUR, NOW + 2 * HOUR),
        record('p-a', 'a-2', NOW - 29 * HOUR, NOW + 3 * HOUR),
        record('s-b', 'b-1', NOW - 5 * HOUR, NOW - HOUR, { seen_at: iso(NOW - 4 * HOUR) }),
        record('s-c', 'c-1', NOW - 2 * HOUR, NOW + HOUR, { revoked_at: iso(NOW - HOUR) }),
        record('p-seeded', 'seed-2', NOW - 2 * HOUR, NOW + 5 * HOUR),
      ]);
      expectExact(store);
      await store.ingest([
        // a stored user: a session the same day as one it has, and one on a new day
        record('p-a', 'a-3', NOW - 28 * HOUR, NOW + 4 * HOUR),
        record('p-a', 'a-4', NOW - HOUR, NOW + 4 * HOUR),
        // a refresh into another hour, and one within the same hour
        record('p-a', 'a-1', NOW - 30 * HOUR, NOW + 7 * HOUR),
        record('s-b', 'b-1', NOW - 5 * HOUR, NOW - HOUR + 60_000),
        // a revocation of a stored session, and a refresh of a revoked one (its end moves, uncounted)
        record('p-seeded', 'seed-1', NOW - 3 * HOUR, NOW + HOUR, { revoked_at: iso(NOW) }),
        record('s-c', 'c-1', NOW - 2 * HOUR, NOW + 9 * HOUR),
        // new users, one with only a revoked session
        record('p-d', 'd-1', NOW - 50 * HOUR, NOW - 40 * HOUR),
        record('s-e', 'e-1', NOW, NOW + HOUR, { revoked_at: iso(NOW) }),
      ]);
      expectExact(store);
      // A batch already applied changes nothing; a refused one neither, and leaves nothing behind.
      await store.ingest([record('p-a', 'a-4', NOW - HOUR, NOW + 4 * HOUR)]);
      await expect(
        store.ingest([record('p-f', 'f-1', NOW, NOW + HOUR), record('p-g', 'a-4', NOW, NOW + HOUR)]),
      ).rejects.toThrow(/already belongs/);
      await store.ingest([record('p-h', 'h-1', NOW - HOUR, NOW + HOUR)]);
      expectExact(store);
      expect((await store.overview({ product: 'shop', session: 'login', days: 3 })).users).toBe(7);
    } finally {
      await store.close();
    }
  });
});
