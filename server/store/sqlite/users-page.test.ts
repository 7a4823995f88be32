import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import type { FetchUsersOptions } from '../source.ts';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { insertUsers, MINUTE, registerScope, T0, type TestUser } from './test-data.ts';

const ENVS = ['production', 'staging', 'development'];
const STRIDE = 50;
const base = { product: 'my-product', session: 'user-session' };

interface Expected {
  _id: string;
  env: string;
  lastSeen: number;
}

/** Newest first, then `_id` descending: the order the contract promises. */
function expectedOrder(users: readonly Expected[], env?: string): string[] {
  return users
    .filter((user) => env === undefined || user.env === env)
    .sort((a, b) => b.lastSeen - a.lastSeen || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0))
    .map((user) => user._id);
}

/** Many users share a `last_seen` (ties are broken by `_id`), and `_id` order is unrelated to time. */
function manyUsers(count: number, offset = 0): TestUser[] {
  return Array.from({ length: count }, (_, i) => {
    const n = (i * 7919 + offset) % count;
    return {
      identifier: `user${offset}-${n}@example.com`,
      env: ENVS[n % 3] as string,
      lastSeen: T0 + (n % 300) * MINUTE,
    };
  });
}

function addUsers(store: SqliteStore, users: readonly TestUser[], into: Expected[]): void {
  insertUsers(store, users).forEach((ids, i) => {
    const user = users[i] as TestUser;
    into.push({ _id: ids._id, env: user.env, lastSeen: user.lastSeen });
  });
}

async function walkAllPages(store: SqliteStore, options: Omit<FetchUsersOptions, 'page'>): Promise<string[]> {
  const first = await store.fetchUsers({ ...options, page: 1 });
  const ids = first.users.map((user) => user._id);
  for (let page = 2; page <= first.totalPages; page++) {
    const result = await store.fetchUsers({ ...options, page });
    expect(result.total).toBe(first.total);
    expect(result.users.length).toBe(
      page < first.totalPages ? options.limit : first.total - (page - 1) * options.limit,
    );
    ids.push(...result.users.map((user) => user._id));
  }
  return ids;
}

describe('fetchUsers on a shared file', () => {
  it('keeps its anchors fresh when another connection writes to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const file = join(dir, 'users.db');
    const reader = openSqliteStore(file, { anchorStride: STRIDE });
    const writer = openSqliteStore(file);
    try {
      registerScope(writer, 'my-product', ['user-session'], ENVS);
      const users: Expected[] = [];
      addUsers(writer, manyUsers(400), users);
      expect(await walkAllPages(reader, { ...base, limit: 20 })).toEqual(expectedOrder(users));

      addUsers(writer, manyUsers(120, 5), users);
      expect(await walkAllPages(reader, { ...base, limit: 20 })).toEqual(expectedOrder(users));

      // A plain connection that knows nothing about the store deletes rows.
      const raw = new Database(file);
      const deleted = raw.prepare('DELETE FROM session_users WHERE id % 5 = 0 RETURNING _id').pluck().all() as string[];
      raw.close();
      const remaining = users.filter((user) => !deleted.includes(user._id));
      expect(await walkAllPages(reader, { ...base, limit: 20 })).toEqual(expectedOrder(remaining));
    } finally {
      reader.close();
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fetchUsers query plans', () => {
  it.each([false, true])('seek and skip inside the recency indexes (statistics gathered: %s)', (analyzed) => {
    const store = openSqliteStore(':memory:');
    try {
      registerScope(store);
      insertUsers(store, manyUsers(500));
      if (analyzed) store.db.exec('ANALYZE');
      const plan = (sql: string) =>
        (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((row) => row.detail)
          .join('\n');
      const order = 'ORDER BY last_seen DESC, _id DESC LIMIT 20 OFFSET 5';
      expect(
        plan(`SELECT * FROM session_users WHERE session_ref = 1 AND (last_seen, _id) <= ('x', 'y') ${order}`),
      ).toBe('SEARCH session_users USING INDEX session_users_recent (session_ref=? AND (last_seen,_id)<(?,?))');
      expect(
        plan(
          `SELECT * FROM session_users WHERE session_ref = 1 AND env = 'a' AND (last_seen, _id) <= ('x', 'y') ${order}`,
        ),
      ).toBe(
        'SEARCH session_users USING INDEX session_users_recent_by_env (session_ref=? AND env=? AND (last_seen,_id)<(?,?))',
      );
      expect(plan(`SELECT * FROM session_users WHERE session_ref = 1 ${order}`)).toBe(
        'SEARCH session_users USING INDEX session_users_recent (session_ref=?)',
      );
      expect(plan(`SELECT * FROM session_users WHERE session_ref = 1 AND identifier = 'a'`)).toBe(
        'SEARCH session_users USING INDEX session_users_by_identifier (session_ref=? AND identifier=?)',
      );
      expect(plan('SELECT * FROM user_sessions WHERE user_ref = 1 ORDER BY start_at DESC, session_id DESC')).toBe(
        'SEARCH user_sessions USING PRIMARY KEY (user_ref=?)',
      );
    } finally {
      store.close();
    }
  });
});
