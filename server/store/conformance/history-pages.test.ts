import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';

import type { IUserSessionInfo, SessionTimes, UserDetails } from '../../../src/contract/session-users.ts';
import type { DashboardStore, NewUserSession } from '../dashboard-store.ts';
import { decodeSessionsCursor } from '../history-page.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';
import { createTestDatabase, describeEachStore, describePostgres } from './each-store.ts';
import { insertUsers, MINUTE, registerScope, T0 } from './test-data.ts';

const NOW = T0 + 100_000 * MINUTE;
const base = { product: 'my-product', session: 'user-session', identifier: 'long@example.com' };

/** 250 sessions, newest first by start; ties on start (every fifth pair) break by session_id. */
function history(): NewUserSession[] {
  const sessions: NewUserSession[] = [];
  for (let i = 0; i < 250; i++) {
    const start = NOW - Math.floor(i / 2) * 37 * MINUTE;
    const length = (i % 7) * 13 * MINUTE + 1_234;
    sessions.push({
      session_id: `s-${String(i).padStart(3, '0')}`,
      start_at: start,
      end_at: start + length,
      revoked: i % 11 === 3,
    });
  }
  return sessions;
}

/** Every session the times describe, as (start, end, status), newest first. */
function decodeTimes(times: SessionTimes): { start: number; end: number; status: string }[] {
  let start = 0;
  return times.start_ms.map((delta, i) => {
    start = i === 0 ? delta : start - delta;
    return { start, end: start + (times.length_ms[i] ?? 0), status: times.status[i] ?? '' };
  });
}

const statusOf = (s: IUserSessionInfo) => (s.revoked ? 'R' : s.active ? 'A' : 'E');

describeEachStore('fetchUserDetails, history pages', (stores) => {
  let store: DashboardStore;
  let whole: UserDetails;

  beforeAll(async () => {
    store = await stores.open({ now: () => NOW });
    await registerScope(store);
    await insertUsers(store, [{ identifier: base.identifier, env: 'production', lastSeen: NOW, sessions: history() }]);
    whole = await store.fetchUserDetails(base);
  });

  it('without sessionsLimit answers the whole history, exactly as the seed documents', () => {
    expect(whole.sessions).toHaveLength(250);
    expect(whole.totalSessions).toBe(250);
    expect(whole).not.toHaveProperty('next_sessions_cursor');
    expect(whole).not.toHaveProperty('session_times');
  });

  it.each([1, 7, 100, 249, 250, 1000])(
    'walks the whole history in pages of %i, in order, none twice',
    async (limit) => {
      const seen: IUserSessionInfo[] = [];
      let cursor: string | null | undefined;
      let pages = 0;
      do {
        const sessionsAfter = cursor ? decodeSessionsCursor(cursor) : undefined;
        const page = await store.fetchUserDetails({ ...base, sessionsLimit: limit, sessionsAfter });
        pages += 1;
        expect(page.sessions.length).toBeLessThanOrEqual(limit);
        // The figures always count the whole history.
        expect(page.totalSessions).toBe(whole.totalSessions);
        expect(page.activeSessionsCount).toBe(whole.activeSessionsCount);
        expect(page.session_times !== undefined).toBe(cursor === undefined);
        seen.push(...page.sessions);
        cursor = page.next_sessions_cursor;
        expect(cursor === null).toBe(seen.length === 250);
      } while (cursor);
      expect(pages).toBe(Math.ceil(250 / limit));
      expect(seen).toEqual(whole.sessions);
    },
  );

  it('gives every session’s times on the first page, in history order', async () => {
    const first = await store.fetchUserDetails({ ...base, sessionsLimit: 10 });
    const times = decodeTimes(first.session_times as SessionTimes);
    expect(times).toEqual(
      whole.sessions.map((s) => ({ start: Date.parse(s.start_at), end: Date.parse(s.end_at), status: statusOf(s) })),
    );
    expect(times.filter((t) => t.status === 'A')).toHaveLength(whole.activeSessionsCount);
  });

  it('a user without sessions has one empty page', async () => {
    await insertUsers(store, [{ identifier: 'none@example.com', env: 'production', lastSeen: NOW }]);
    const page = await store.fetchUserDetails({ ...base, identifier: 'none@example.com', sessionsLimit: 5 });
    expect(page).toMatchObject({
      sessions: [],
      totalSessions: 0,
      activeSessionsCount: 0,
      next_sessions_cursor: null,
      session_times: { start_ms: [], length_ms: [], status: '' },
    });
  });

  it('a new session shows at the top of the first page', async () => {
    const start = NOW + MINUTE;
    await insertUsers(store, [
      {
        identifier: 'grows@example.com',
        env: 'production',
        lastSeen: NOW,
        sessions: [{ session_id: 'g-1', start_at: NOW - MINUTE, end_at: NOW + MINUTE, revoked: false }],
      },
    ]);
    const before = await store.fetchUserDetails({ ...base, identifier: 'grows@example.com', sessionsLimit: 1 });
    expect(before.next_sessions_cursor).toBeNull();
    await store.ingest([
      {
        product: 'my-product',
        session: 'user-session',
        env: 'production',
        identifier: 'grows@example.com',
        session_id: 'g-2',
        start_at: new Date(start).toISOString(),
        end_at: new Date(start + MINUTE).toISOString(),
      },
    ]);
    const after = await store.fetchUserDetails({ ...base, identifier: 'grows@example.com', sessionsLimit: 1 });
    expect(after.sessions.map((s) => s.session_id)).toEqual(['g-2']);
    expect(after.totalSessions).toBe(2);
    const next = decodeSessionsCursor(after.next_sessions_cursor as string);
    const rest = await store.fetchUserDetails({
      ...base,
      identifier: 'grows@example.com',
      sessionsLimit: 1,
      sessionsAfter: next,
    });
    expect(rest.sessions.map((s) => s.session_id)).toEqual(['g-1']);
  });
});

// One index range per page: the page query seeks into the history's primary key and reads forward.
const LATER_PAGE = `SELECT session_id, start_at, end_at, revoked, revoked_at FROM user_sessions
  WHERE user_ref = 1 AND (start_at, session_id) < ('2026-01-01T00:00:00.000Z', 's-100')
  ORDER BY start_at DESC, session_id DESC LIMIT 101`;

it('SQLite: a history page is one range of the primary key', () => {
  const sqlite = openSqliteStore(':memory:');
  try {
    const plan = (sql: string) =>
      (sqlite.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail);
    expect(plan(LATER_PAGE)).toEqual([
      'SEARCH user_sessions USING PRIMARY KEY (user_ref=? AND (start_at,session_id)<(?,?))',
    ]);
  } finally {
    sqlite.close();
  }
});

describePostgres('history page plan', () => {
  const admin: { sql?: postgres.Sql; drop?: () => Promise<void> } = {};
  beforeAll(async () => {
    const database = await createTestDatabase();
    admin.drop = database.drop;
    // The store creates the schema; then the plan is asked of the same database.
    const { openPostgresStore } = await import('../postgres/postgres-store.ts');
    const { parsePostgresUrl } = await import('../postgres/pg-settings.ts');
    const store = await openPostgresStore(parsePostgresUrl(database.url, {}), { now: () => NOW });
    await registerScope(store);
    const many = Array.from({ length: 20 }, (_, u) => ({
      identifier: `u${u}@example.com`,
      env: 'production',
      lastSeen: NOW,
      sessions: history().map((s) => ({ ...s, session_id: `${u}-${s.session_id}` })),
    }));
    await insertUsers(store, many);
    await store.close();
    admin.sql = postgres(database.url, { max: 1, onnotice: () => {}, fetch_types: false });
    await admin.sql`ANALYZE user_sessions`;
  }, 120_000);
  afterAll(async () => {
    await admin.sql?.end();
    await admin.drop?.();
  }, 120_000);

  it('is one backward range of the primary key, index only', async () => {
    const [row] = await (admin.sql as postgres.Sql).unsafe(`EXPLAIN (FORMAT JSON) ${LATER_PAGE}`);
    const plan = JSON.stringify(row);
    expect(plan).toContain('"Node Type":"Index Only Scan"');
    expect(plan).toContain('"Scan Direction":"Backward"');
    expect(plan).toContain('"Index Name":"user_sessions_pkey"');
    expect(plan).toMatch(/"Index Cond":"\(\(user_ref = 1\) AND \(ROW\(start_at, session_id\) < ROW/);
    expect(plan).not.toContain('"Node Type":"Sort"');
  });
});
