import { afterEach, describe, expect, it } from 'vitest';

import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { insertUsers, MINUTE, registerScope, T0 } from './test-data.ts';

const STRIDE = 7;
const ENVS = ['production', 'staging', 'development'];
const scope = { product: 'my-product', session: 'user-session' };

/** The same users every time (ids differ between stores but keep their order). */
function filledStore(users: number): SqliteStore {
  const store = openSqliteStore(':memory:', { anchorStride: STRIDE });
  registerScope(store);
  insertUsers(
    store,
    Array.from({ length: users }, (_, i) => ({
      identifier: `user${i}@example.com`,
      env: ENVS[i % ENVS.length] as string,
      lastSeen: T0 + (i % 50) * MINUTE,
    })),
  );
  return store;
}

async function deepPages(store: SqliteStore): Promise<string[][]> {
  const pages = [
    await store.fetchUsers({ ...scope, page: 19, limit: 10 }),
    await store.fetchUsers({ ...scope, page: 20, limit: 10 }),
    await store.fetchUsers({ ...scope, env: 'staging', page: 6, limit: 10 }),
  ];
  return pages.map((page) => page.users.map((user) => user.identifier));
}

describe('warmPageAnchors', () => {
  const stores: SqliteStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.close()));

  it('builds every list in slices; deep pages then read the same rows as with lazily built anchors', async () => {
    const lazy = filledStore(200);
    const warmed = filledStore(200);
    stores.push(lazy, warmed);
    let slices = 1;
    while (warmed.warmPageAnchors(0) !== 'done') slices += 1;
    expect(slices).toBeGreaterThan(1);
    expect(warmed.warmPageAnchors(0)).toBe('done');
    const expected = await deepPages(lazy);
    expect(expected.flat()).toHaveLength(30);
    expect(await deepPages(warmed)).toEqual(expected);
  });

  it('has nothing to do when no list is longer than one stride', () => {
    const small = filledStore(STRIDE);
    stores.push(small);
    expect(small.warmPageAnchors(0)).toBe('done');
  });

  it('says so when a write threw away what it had built, instead of rebuilding it at once', async () => {
    const store = filledStore(200);
    stores.push(store);
    expect(store.warmPageAnchors(0)).toBe('more');
    await store.ingest([
      {
        product: 'my-product',
        session: 'user-session',
        env: 'production',
        identifier: 'new@example.com',
        session_id: 'warm-1',
        start_at: '2026-01-01T00:00:00Z',
        end_at: '2026-01-01T01:00:00Z',
      },
    ]);
    expect(store.warmPageAnchors(0)).toBe('changed');
    let slices = 0;
    while (store.warmPageAnchors(0) !== 'done') slices += 1;
    expect(slices).toBeGreaterThan(0);
  });
});
