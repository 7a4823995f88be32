import { describe, expect, it } from 'vitest';

import { catalogSchema } from '../../../src/contract/session-users.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { insertUsers, registerScope, T0 } from './test-data.ts';

describe('catalog', () => {
  it('lists products by tag, production and staging first, and users per session and environment', async () => {
    const store = openSqliteStore(':memory:');
    try {
      registerScope(store, 'zeta', ['z-session'], ['staging']);
      registerScope(
        store,
        'my-product',
        ['user-session', 'admin-session'],
        ['sandbox', 'development', 'staging', 'production', 'eu-west-canary'],
      );
      registerScope(store, 'alpha', [], ['production']);
      insertUsers(store, [
        { identifier: 'a', env: 'production', lastSeen: T0 },
        { identifier: 'b', env: 'production', lastSeen: T0 },
        { identifier: 'a', env: 'eu-west-canary', lastSeen: T0 },
        { identifier: 'a', env: 'staging', lastSeen: T0, session: 'admin-session' },
        { identifier: 'a', env: 'staging', lastSeen: T0, product: 'zeta', session: 'z-session' },
      ]);

      const catalog = await store.catalog();
      expect(catalogSchema.parse(catalog)).toEqual(catalog);
      expect(catalog).toEqual({
        products: [
          { tag: 'alpha', envs: ['production'], sessions: [] },
          {
            tag: 'my-product',
            envs: ['production', 'staging', 'development', 'sandbox', 'eu-west-canary'],
            sessions: [
              {
                tag: 'admin-session',
                users: { production: 0, staging: 1, development: 0, sandbox: 0, 'eu-west-canary': 0 },
              },
              {
                tag: 'user-session',
                users: { production: 2, staging: 0, development: 0, sandbox: 0, 'eu-west-canary': 1 },
              },
            ],
          },
          { tag: 'zeta', envs: ['staging'], sessions: [{ tag: 'z-session', users: { staging: 1 } }] },
        ],
      });
      expect(Object.keys(catalog.products[1]?.sessions[0]?.users ?? {})).toEqual(catalog.products[1]?.envs);
    } finally {
      store.close();
    }
  });

  it('keeps counts right through deletes and moves (triggers)', async () => {
    const store = openSqliteStore(':memory:');
    try {
      registerScope(store);
      insertUsers(store, [
        { identifier: 'a', env: 'production', lastSeen: T0 },
        { identifier: 'b', env: 'production', lastSeen: T0 },
        { identifier: 'c', env: 'staging', lastSeen: T0 },
      ]);
      store.db.prepare(`UPDATE session_users SET env = 'development' WHERE identifier = 'b'`).run();
      store.db.prepare(`DELETE FROM session_users WHERE identifier = 'c'`).run();
      const [product] = (await store.catalog()).products;
      expect(product?.sessions[0]?.users).toEqual({ production: 1, staging: 0, development: 1 });
    } finally {
      store.close();
    }
  });
});

describe('store lifecycle', () => {
  it('is empty until something is written, and empty again after clear()', async () => {
    const store = openSqliteStore(':memory:');
    try {
      expect(store.isEmpty()).toBe(true);
      expect(await store.catalog()).toEqual({ products: [] });
      registerScope(store);
      insertUsers(store, [{ identifier: 'a', env: 'production', lastSeen: T0 }]);
      expect(store.isEmpty()).toBe(false);
      expect(store.countUsers()).toBe(1);
      store.clear();
      expect(store.isEmpty()).toBe(true);
      expect(store.countUsers()).toBe(0);
      expect(await store.catalog()).toEqual({ products: [] });

      // The same store keeps working on the fresh schema.
      registerScope(store);
      insertUsers(store, [{ identifier: 'b', env: 'staging', lastSeen: T0 }]);
      const page = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 20 });
      expect(page.users.map((user) => user.identifier)).toEqual(['b']);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('rolls a failed write batch back whole', () => {
    const store = openSqliteStore(':memory:');
    try {
      registerScope(store);
      expect(() =>
        store.write((writer) => {
          writer.registerProduct('half-written', ['production']);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(() => insertUsers(store, [{ identifier: 'a', env: 'qa', lastSeen: T0 }])).toThrow(
        'Environment "qa" is not registered in product "my-product"',
      );
      expect(() => insertUsers(store, [{ identifier: 'a', env: 'production', lastSeen: T0, session: 'x' }])).toThrow(
        'Session "x" is not registered in product "my-product"',
      );
      expect(store.db.prepare('SELECT tag FROM products').pluck().all()).toEqual(['my-product']);
    } finally {
      store.close();
    }
  });

  it('bulk loads all or nothing, and always keeps its indexes', () => {
    const store = openSqliteStore(':memory:');
    const indexNames = () =>
      store.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name`).pluck().all();
    try {
      const before = indexNames();
      const user = (identifier: string, _id: string) => ({
        _id,
        ductape_user_id: `du-${identifier}`,
        product: 'bulk',
        session: 'user-session',
        env: 'production',
        identifier,
        first_seen: T0,
        last_seen: T0,
        created_at: T0,
        updated_at: T0,
      });
      const load = (second: ReturnType<typeof user>) =>
        store.bulkLoad((writer) => {
          writer.registerProduct('bulk', ['production']);
          writer.registerSession('bulk', 'user-session');
          writer.insertUser(user('a', 'a'.repeat(24)), [
            { session_id: 's1', start_at: T0, end_at: T0 + 1, revoked: false },
          ]);
          writer.insertUser(second);
        });

      // A duplicate _id is only noticed when the unique index is rebuilt: everything rolls back.
      expect(() => load(user('b', 'a'.repeat(24)))).toThrow(/UNIQUE constraint failed: session_users._id/);
      expect(store.isEmpty()).toBe(true);
      expect(indexNames()).toEqual(before);

      let indexing = false;
      store.bulkLoad(() => {}, { onIndexing: () => (indexing = true) });
      expect(indexing).toBe(true);
      load(user('b', 'b'.repeat(24)));
      expect(store.countUsers()).toBe(2);
      expect(indexNames()).toEqual(before);
    } finally {
      store.close();
    }
  });

  it('close() can be called twice', () => {
    const store = openSqliteStore(':memory:');
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});
