import { expect, it } from 'vitest';

import { SHOWCASE_USERS } from '../../demo/showcase.ts';
import { describeEachStore } from './each-store.ts';
import { insertUsers, MINUTE, registerScope, T0 } from './test-data.ts';

const HARD_IDENTIFIERS = [
  ...new Set(SHOWCASE_USERS.map((user) => user.identifier)),
  "'; DROP TABLE session_users; --",
  'e\u0301@example.com', // "é" as e + combining accent: must not match the precomposed form
  '\u00e9@example.com',
  'tab\there@example.com',
  '%2F%2B@example.com',
  '',
];

describeEachStore('identifiers', (stores) => {
  it('round-trip exactly through every read, however odd', async () => {
    const store = await stores.open();
    try {
      await registerScope(store);
      const ids = await insertUsers(
        store,
        HARD_IDENTIFIERS.map((identifier, i) => ({ identifier, env: 'production', lastSeen: T0 - i * MINUTE })),
      );
      const page = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 100 });
      expect(page.users.map((user) => user.identifier)).toEqual(HARD_IDENTIFIERS);

      for (const [i, identifier] of HARD_IDENTIFIERS.entries()) {
        const details = await store.fetchUserDetails({ product: 'my-product', session: 'user-session', identifier });
        expect(details.identifier).toBe(identifier);
        expect(details._id).toBe(ids[i]?._id);
        expect((await store.userById(ids[i]?.ductape_user_id ?? '')).identifier).toBe(identifier);
      }
      expect(
        await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 1 }),
      ).toMatchObject({
        total: HARD_IDENTIFIERS.length,
      });
    } finally {
      await store.close();
    }
  });

  it('treat hostile product, session and environment names as plain text', async () => {
    const store = await stores.open();
    try {
      const product = `p'"; --`;
      await registerScope(store, product, ['s/../x'], ['__proto__', 'env with spaces']);
      await insertUsers(store, [{ identifier: 'x', env: '__proto__', lastSeen: T0, product, session: 's/../x' }]);
      const catalog = await store.catalog();
      expect(catalog.products[0]?.sessions[0]?.users).toEqual({ 'env with spaces': 0, ['__proto__']: 1 });
      expect(Object.getPrototypeOf(catalog.products[0]?.sessions[0]?.users)).toBe(Object.prototype);
      const page = await store.fetchUsers({ product, session: 's/../x', env: '__proto__', page: 1, limit: 20 });
      expect(page.users.map((user) => [user.product_tag, user.session_tag, user.env])).toEqual([
        [product, 's/../x', '__proto__'],
      ]);
    } finally {
      await store.close();
    }
  });
});
