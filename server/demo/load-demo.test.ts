import { describe, expect, it } from 'vitest';

import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { loadDemo } from './load-demo.ts';
import { HEAVY_USER, HEAVY_USER_SESSIONS } from './showcase.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const userSession = { product: 'my-product', session: 'user-session' };

describe('loadDemo', () => {
  it('loads the demo so the store answers the contract’s must-haves', async () => {
    const store = openSqliteStore(':memory:', { now: () => NOW });
    try {
      const progress: [number, number][] = [];
      const result = loadDemo(store, {
        users: 3_000,
        seed: 42,
        now: NOW,
        progressEvery: 1_000,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(result.users).toBe(3_000);
      expect(result.sessions).toBeGreaterThan(3_000 + HEAVY_USER_SESSIONS);
      expect(progress).toEqual([
        [0, 3_000],
        [1_000, 3_000],
        [2_000, 3_000],
        [3_000, 3_000],
      ]);
      expect(store.countUsers()).toBe(3_000);

      const catalog = await store.catalog();
      const myProduct = catalog.products.find((product) => product.tag === 'my-product');
      expect(myProduct?.envs.slice(0, 2)).toEqual(['production', 'staging']);
      expect(myProduct?.sessions.map((session) => session.tag)).toContain('user-session');
      const total = catalog.products
        .flatMap((p) => p.sessions)
        .reduce((sum, s) => sum + Object.values(s.users).reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(3_000);

      const user = await store.fetchUserDetails({ ...userSession, identifier: 'user@example.com', env: 'production' });
      expect(user.totalSessions).toBeGreaterThanOrEqual(30);
      expect(user.activeSessionsCount).toBeGreaterThanOrEqual(1);
      expect(user.sessions.some((s) => s.revoked)).toBe(true);
      expect(user.environments).toEqual(['production', 'staging']);
      expect((await store.userById(user.ductape_user_id)).session_count).toBe(user.totalSessions);

      const heavy = await store.fetchUserDetails({ ...userSession, identifier: HEAVY_USER });
      expect(heavy.totalSessions).toBe(HEAVY_USER_SESSIONS);
      expect(heavy.sessions).toHaveLength(HEAVY_USER_SESSIONS);

      const first = await store.fetchUsers({ ...userSession, env: 'production', page: 1, limit: 20 });
      expect(first.users.map((u) => u.identifier)).toContain('user@example.com');
    } finally {
      store.close();
    }
  });

  it('gives the same data for the same seed and moment', async () => {
    const snapshot = async () => {
      const store = openSqliteStore(':memory:', { now: () => NOW });
      try {
        loadDemo(store, { users: 1_500, seed: 9, now: NOW });
        const page = await store.fetchUsers({ ...userSession, page: 3, limit: 50 });
        const details = await store.fetchUserDetails({ ...userSession, identifier: 'a+b/c@example.com' });
        return JSON.stringify([page, details, await store.catalog()]);
      } finally {
        store.close();
      }
    };
    expect(await snapshot()).toBe(await snapshot());
  });
});
