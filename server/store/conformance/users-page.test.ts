import { beforeEach, expect, it } from 'vitest';

import type { DashboardStore } from '../dashboard-store.ts';
import type { FetchUsersOptions } from '../source.ts';
import { describeEachStore } from './each-store.ts';
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

async function addUsers(store: DashboardStore, users: readonly TestUser[], into: Expected[]): Promise<void> {
  (await insertUsers(store, users)).forEach((ids, i) => {
    const user = users[i] as TestUser;
    into.push({ _id: ids._id, env: user.env, lastSeen: user.lastSeen });
  });
}

async function walkAllPages(store: DashboardStore, options: Omit<FetchUsersOptions, 'page'>): Promise<string[]> {
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

describeEachStore('fetchUsers', (stores) => {
  let store: DashboardStore;
  let expected: Expected[];

  beforeEach(async () => {
    store = await stores.open({ anchorStride: STRIDE });
    await registerScope(store, 'my-product', ['user-session', 'admin-session'], [...ENVS, 'sandbox']);
    expected = [];
    await addUsers(store, manyUsers(1_237), expected);
  }, 60_000);

  it.each([20, 7, 100])('walks every page of all environments in order, each user once (limit %i)', async (limit) => {
    const ids = await walkAllPages(store, { ...base, limit });
    expect(ids).toEqual(expectedOrder(expected));
    expect(new Set(ids).size).toBe(1_237);
  });

  it.each(ENVS)('walks every page of %s in order, each user once', async (env) => {
    const ids = await walkAllPages(store, { ...base, env, limit: 13 });
    expect(ids).toEqual(expectedOrder(expected, env));
  });

  it('counts users per environment, and all of them without one', async () => {
    const totals = await Promise.all(
      ENVS.map(async (env) => (await store.fetchUsers({ ...base, env, page: 1, limit: 20 })).total),
    );
    expect(totals).toEqual(ENVS.map((env) => expected.filter((user) => user.env === env).length));
    const all = await store.fetchUsers({ ...base, page: 1, limit: 20 });
    expect(all.total).toBe(1_237);
    expect(all.totalPages).toBe(Math.ceil(1_237 / 20));
  });

  it('returns whole ISessionUser records with ISO timestamps', async () => {
    const { users } = await store.fetchUsers({ ...base, page: 1, limit: 1 });
    expect(users[0]).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      ductape_user_id: expect.any(String),
      product_tag: 'my-product',
      session_tag: 'user-session',
      identifier: expect.any(String),
      env: expect.any(String),
      first_seen: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      last_seen: new Date(T0 + 299 * MINUTE).toISOString(),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('gives a short last page, and past the end no users with the true totals', async () => {
    const last = await store.fetchUsers({ ...base, page: 62, limit: 20 });
    expect(last).toMatchObject({ total: 1_237, page: 62, limit: 20, totalPages: 62 });
    expect(last.users.map((user) => user._id)).toEqual(expectedOrder(expected).slice(1_220));

    for (const page of [63, 1_000, 1_000_000_000]) {
      const past = await store.fetchUsers({ ...base, page, limit: 100 });
      expect(past).toEqual({ users: [], total: 1_237, page, limit: 100, totalPages: 13 });
    }
  });

  it('answers a session and an environment without users with zero pages', async () => {
    expect(await store.fetchUsers({ ...base, session: 'admin-session', page: 1, limit: 20 })).toEqual({
      users: [],
      total: 0,
      page: 1,
      limit: 20,
      totalPages: 0,
    });
    expect(await store.fetchUsers({ ...base, env: 'sandbox', page: 2, limit: 20 })).toMatchObject({
      users: [],
      total: 0,
      totalPages: 0,
    });
  });

  it('keeps deep pages right after writes (anchors are rebuilt)', async () => {
    await walkAllPages(store, { ...base, limit: 20 });
    await walkAllPages(store, { ...base, env: 'staging', limit: 20 });

    // New users land at the top, in the middle and at the bottom of the order.
    await addUsers(
      store,
      [
        { identifier: 'newest@example.com', env: 'staging', lastSeen: T0 + 10_000 * MINUTE },
        { identifier: 'middle@example.com', env: 'staging', lastSeen: T0 + 150 * MINUTE },
        { identifier: 'oldest@example.com', env: 'production', lastSeen: T0 - MINUTE },
        ...manyUsers(300, 1),
      ],
      expected,
    );
    expect(await walkAllPages(store, { ...base, limit: 20 })).toEqual(expectedOrder(expected));
    expect(await walkAllPages(store, { ...base, env: 'staging', limit: 20 })).toEqual(
      expectedOrder(expected, 'staging'),
    );
  });

  it('keeps page cache and anchors right when another server process writes (PostgreSQL: one database, two pools)', async () => {
    if (stores.openAnother === undefined) return; // one SQLite :memory: store cannot be shared; see sqlite/users-page.test.ts
    const other = await stores.openAnother(store, { anchorStride: STRIDE });
    expect(await walkAllPages(other, { ...base, limit: 20 })).toEqual(expectedOrder(expected));
    const before = await other.dataVersion();

    await addUsers(store, manyUsers(120, 5), expected);
    expect(await other.dataVersion()).not.toBe(before);
    expect(await walkAllPages(other, { ...base, limit: 20 })).toEqual(expectedOrder(expected));
    const catalog = await other.catalog();
    expect(catalog.products[0]?.sessions.find((session) => session.tag === 'user-session')?.users.production).toBe(
      expected.filter((user) => user.env === 'production').length,
    );
  });

  it('rejects unknown products, sessions and environments with their codes', async () => {
    await expect(store.fetchUsers({ ...base, product: 'nope', page: 1, limit: 20 })).rejects.toMatchObject({
      name: 'StoreError',
      kind: 'not_found',
      options: { code: 'PRODUCT_NOT_FOUND' },
      message: 'No product "nope"',
    });
    await expect(store.fetchUsers({ ...base, session: 'nope', page: 1, limit: 20 })).rejects.toMatchObject({
      kind: 'not_found',
      options: { code: 'SESSION_NOT_FOUND' },
      message: 'No session "nope" in product "my-product"',
    });
    await expect(store.fetchUsers({ ...base, env: 'qa', page: 1, limit: 20 })).rejects.toMatchObject({
      kind: 'not_found',
      options: { code: 'ENV_NOT_FOUND' },
      message: 'No environment "qa" in product "my-product"',
    });
  });

  it('refuses a page or limit that is not a positive whole number', async () => {
    const invalid = { name: 'StoreError', kind: 'invalid' };
    await expect(store.fetchUsers({ ...base, page: 0, limit: 20 })).rejects.toMatchObject(invalid);
    await expect(store.fetchUsers({ ...base, page: 1, limit: 2.5 })).rejects.toMatchObject(invalid);
  });
});
