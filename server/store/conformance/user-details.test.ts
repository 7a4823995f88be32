import { afterEach, beforeEach, expect, it } from 'vitest';

import type { DashboardStore } from '../dashboard-store.ts';
import { describeEachStore } from './each-store.ts';
import type { NewUserSession } from '../dashboard-store.ts';
import { insertUsers, iso, MINUTE, registerScope, T0 } from './test-data.ts';

const NOW = T0 + 1_000 * MINUTE;
const HOUR = 60 * MINUTE;
const base = { product: 'my-product', session: 'user-session' };

function session(id: string, startAt: number, length: number, revoked = false): NewUserSession {
  return { session_id: id, start_at: startAt, end_at: startAt + length, revoked };
}

describeEachStore('fetchUserDetails', (stores) => {
  let store: DashboardStore;
  let ids: { _id: string; ductape_user_id: string }[];

  beforeEach(async () => {
    store = await stores.open({ now: () => NOW });
    await registerScope(store, 'my-product', ['user-session', 'admin-session'], ['production', 'staging', 'sandbox']);
    ids = await insertUsers(store, [
      {
        identifier: 'user@example.com',
        env: 'production',
        lastSeen: NOW - 5 * MINUTE,
        sessions: [
          session('s-old', NOW - 100 * HOUR, HOUR),
          session('s-active', NOW - HOUR, 2 * HOUR),
          session('s-revoked', NOW - 2 * HOUR, 10 * HOUR, true),
          session('s-tie-a', NOW - 3 * HOUR, 10 * HOUR),
          session('s-tie-b', NOW - 3 * HOUR, HOUR),
          session('s-ends-now', NOW - 4 * HOUR, 4 * HOUR),
        ],
      },
      {
        identifier: 'user@example.com',
        env: 'staging',
        lastSeen: NOW - 50 * MINUTE,
        sessions: [session('s-stg', NOW - HOUR, HOUR)],
      },
      { identifier: 'only-staging@example.com', env: 'staging', lastSeen: NOW - MINUTE },
      { identifier: 'user@example.com', env: 'production', lastSeen: NOW, session: 'admin-session' },
    ]);
  });
  afterEach(() => store.close());

  it('shows the most recently seen environment by default, with sessions newest first', async () => {
    const details = await store.fetchUserDetails({ ...base, identifier: 'user@example.com' });
    expect(details).toMatchObject({
      _id: ids[0]?._id,
      ductape_user_id: ids[0]?.ductape_user_id,
      product_tag: 'my-product',
      session_tag: 'user-session',
      identifier: 'user@example.com',
      env: 'production',
      last_seen: iso(NOW - 5 * MINUTE),
      totalSessions: 6,
      activeSessionsCount: 2,
      environments: ['production', 'staging'],
    });
    expect(details.sessions).toEqual([
      { session_id: 's-active', start_at: iso(NOW - HOUR), end_at: iso(NOW + HOUR), active: true, revoked: false },
      {
        session_id: 's-revoked',
        start_at: iso(NOW - 2 * HOUR),
        end_at: iso(NOW + 8 * HOUR),
        active: false,
        revoked: true,
      },
      // Same start: then by session_id, descending.
      {
        session_id: 's-tie-b',
        start_at: iso(NOW - 3 * HOUR),
        end_at: iso(NOW - 2 * HOUR),
        active: false,
        revoked: false,
      },
      {
        session_id: 's-tie-a',
        start_at: iso(NOW - 3 * HOUR),
        end_at: iso(NOW + 7 * HOUR),
        active: true,
        revoked: false,
      },
      // Ending exactly now is no longer active.
      { session_id: 's-ends-now', start_at: iso(NOW - 4 * HOUR), end_at: iso(NOW), active: false, revoked: false },
      {
        session_id: 's-old',
        start_at: iso(NOW - 100 * HOUR),
        end_at: iso(NOW - 99 * HOUR),
        active: false,
        revoked: false,
      },
    ]);
  });

  it('shows the asked environment', async () => {
    const details = await store.fetchUserDetails({ ...base, identifier: 'user@example.com', env: 'staging' });
    expect(details).toMatchObject({ _id: ids[1]?._id, env: 'staging', totalSessions: 1, activeSessionsCount: 0 });
    expect(details.environments).toEqual(['production', 'staging']);
  });

  it('lists environments newest first', async () => {
    await insertUsers(store, [{ identifier: 'user@example.com', env: 'sandbox', lastSeen: NOW - 20 * MINUTE }]);
    const details = await store.fetchUserDetails({ ...base, identifier: 'user@example.com' });
    expect(details.environments).toEqual(['production', 'sandbox', 'staging']);
  });

  it('returns a user without sessions with zero counts', async () => {
    expect(await store.fetchUserDetails({ ...base, identifier: 'only-staging@example.com' })).toMatchObject({
      env: 'staging',
      sessions: [],
      totalSessions: 0,
      activeSessionsCount: 0,
    });
  });

  it('reads back session ids holding a tab or a newline (written before the contract refused them)', async () => {
    await insertUsers(store, [
      {
        identifier: 'odd@example.com',
        env: 'production',
        lastSeen: NOW,
        sessions: [session('tab\there', NOW - HOUR, 2 * HOUR), session('line\nbreak', NOW - 2 * HOUR, HOUR, true)],
      },
    ]);
    const details = await store.fetchUserDetails({ ...base, identifier: 'odd@example.com' });
    expect(details.sessions.map((s) => [s.session_id, s.active, s.revoked])).toEqual([
      ['tab\there', true, false],
      ['line\nbreak', false, true],
    ]);
  });

  it('rejects unknown products, sessions, environments and users with their codes', async () => {
    const ask = (options: Partial<Parameters<DashboardStore['fetchUserDetails']>[0]>) =>
      store.fetchUserDetails({ ...base, identifier: 'user@example.com', ...options });
    await expect(ask({ product: 'x' })).rejects.toMatchObject({
      options: { code: 'PRODUCT_NOT_FOUND' },
      message: 'No product "x"',
    });
    await expect(ask({ session: 'x' })).rejects.toMatchObject({ options: { code: 'SESSION_NOT_FOUND' } });
    await expect(ask({ env: 'qa' })).rejects.toMatchObject({
      options: { code: 'ENV_NOT_FOUND' },
      message: 'No environment "qa" in product "my-product"',
    });
    await expect(ask({ identifier: 'nobody@example.com' })).rejects.toMatchObject({
      options: { code: 'USER_NOT_FOUND' },
      message: 'No user "nobody@example.com" in session "user-session" of product "my-product"',
    });
    await expect(ask({ identifier: 'only-staging@example.com', env: 'production' })).rejects.toMatchObject({
      options: { code: 'USER_NOT_FOUND' },
      message:
        'No user "only-staging@example.com" in environment "production" in session "user-session" of product "my-product"',
    });
    // Identifiers match exactly: no case folding, no trimming.
    await expect(ask({ identifier: 'User@example.com' })).rejects.toMatchObject({
      options: { code: 'USER_NOT_FOUND' },
    });
    await expect(ask({ identifier: 'user@example.com ' })).rejects.toMatchObject({
      options: { code: 'USER_NOT_FOUND' },
    });
  });
});

describeEachStore('userById', (stores) => {
  it('finds a user by ductape_user_id with its session count', async () => {
    const store = await stores.open();
    try {
      await registerScope(store);
      const [ids] = await insertUsers(store, [
        {
          identifier: 'a@example.com',
          env: 'staging',
          lastSeen: T0,
          sessions: [session('s1', T0 - HOUR, HOUR), session('s2', T0 - 2 * HOUR, HOUR)],
        },
      ]);
      expect(await store.userById(ids?.ductape_user_id ?? '')).toEqual({
        _id: ids?._id,
        ductape_user_id: ids?.ductape_user_id,
        product_tag: 'my-product',
        session_tag: 'user-session',
        identifier: 'a@example.com',
        env: 'staging',
        first_seen: iso(T0 - 10 * MINUTE),
        last_seen: iso(T0),
        createdAt: iso(T0 - 10 * MINUTE),
        updatedAt: iso(T0),
        session_count: 2,
      });
      await expect(store.userById('missing')).rejects.toMatchObject({
        options: { code: 'USER_NOT_FOUND' },
        message: 'No user with ductape_user_id "missing"',
      });
    } finally {
      await store.close();
    }
  });
});
