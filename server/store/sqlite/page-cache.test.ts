import { afterEach, describe, expect, it } from 'vitest';

import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';
import { insertUsers, MINUTE, registerScope, T0 } from './test-data.ts';

const page = { product: 'my-product', session: 'user-session', page: 1, limit: 20 };
const user = (i: number) => ({ identifier: `user${i}@example.com`, env: 'production', lastSeen: T0 + i * MINUTE });

describe('the page cache', () => {
  const stores: SqliteStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.close()));

  it('answers a repeated page from memory until the next write', async () => {
    const store = openSqliteStore(':memory:');
    stores.push(store);
    registerScope(store);
    insertUsers(store, [user(1), user(2)]);
    const first = await store.fetchUsers(page);
    expect(await store.fetchUsers(page)).toBe(first);
    const catalog = await store.catalog();
    expect(await store.catalog()).toBe(catalog);

    insertUsers(store, [user(3)]);
    const after = await store.fetchUsers(page);
    expect(after).not.toBe(first);
    expect(after.users.map((u) => u.identifier)).toEqual([
      'user3@example.com',
      'user2@example.com',
      'user1@example.com',
    ]);
    expect((await store.catalog()).products[0]?.sessions[0]?.users.production).toBe(3);
  });

  it('can be turned off', async () => {
    const store = openSqliteStore(':memory:', { pageCacheSize: 0 });
    stores.push(store);
    registerScope(store);
    insertUsers(store, [user(1)]);
    const first = await store.fetchUsers(page);
    const second = await store.fetchUsers(page);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });
});
