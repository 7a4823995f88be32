import { afterEach, expect, it } from 'vitest';
import type { SessionRecord } from '../../../src/contract/ingest.ts';
import { StoreError } from '../source.ts';
import type { DashboardStore } from '../dashboard-store.ts';
import { describeEachStore } from './each-store.ts';
import { insertUsers, MINUTE, registerScope, T0 } from './test-data.ts';

const NOW = T0 + 100 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    product: 'shop',
    session: 'login',
    env: 'production',
    identifier: 'ada@example.com',
    session_id: 's-1',
    start_at: iso(T0),
    end_at: iso(T0 + 60 * MINUTE),
    ...overrides,
  };
}

/** Every user with every session, in export order: the store's whole content. */
async function contents(store: DashboardStore): Promise<unknown[]> {
  const docs: unknown[] = [];
  for await (const doc of store.exportUsers()) docs.push(doc);
  return [docs, await store.catalog()];
}

describeEachStore('ingest', (stores) => {
  let clock = NOW;
  afterEach(() => {
    clock = NOW;
  });
  const open = (options: { anchorStride?: number } = {}) => stores.open({ now: () => clock, ...options });
  const details = (store: DashboardStore, identifier = 'ada@example.com', env?: string) =>
    store.fetchUserDetails({ product: 'shop', session: 'login', identifier, env });

  it('creates the user on first sight, and the product, session and environment join the catalog', async () => {
    const store = await open();
    const result = await store.ingest([
      record({ session_id: 'a', start_at: iso(T0 + 5 * MINUTE), end_at: iso(T0 + 50 * MINUTE) }),
      record({
        session_id: 'b',
        start_at: '2026-01-01T01:00:00+01:00', // T0, written with an offset
        end_at: iso(T0 + 30 * MINUTE),
        seen_at: iso(T0 + 20 * MINUTE),
        ductape_user_id: 'du-ada',
      }),
    ]);
    expect(result).toEqual({ accepted: 2, users_created: 1, sessions_created: 2, sessions_updated: 0 });
    const user = await details(store);
    expect(user).toMatchObject({
      ductape_user_id: 'du-ada',
      product_tag: 'shop',
      session_tag: 'login',
      env: 'production',
      first_seen: iso(T0),
      last_seen: iso(T0 + 20 * MINUTE),
      createdAt: iso(NOW),
      updatedAt: iso(NOW),
      totalSessions: 2,
    });
    expect(user._id).toMatch(/^[0-9a-f]{24}$/);
    expect(user.sessions.map((session) => [session.session_id, session.start_at])).toEqual([
      ['a', iso(T0 + 5 * MINUTE)],
      ['b', iso(T0)],
    ]);
    expect(await store.catalog()).toEqual({
      products: [{ tag: 'shop', envs: ['production'], sessions: [{ tag: 'login', users: { production: 1 } }] }],
    });
  });

  it('generates a unique ductape_user_id when none is given', async () => {
    const store = await open();
    await store.ingest([record({ identifier: 'a' }), record({ identifier: 'b', session_id: 's-2' })]);
    const [a, b] = await Promise.all([details(store, 'a'), details(store, 'b')]);
    // A version-7 UUID: time first, so new users go to the end of the ductape_user_id index.
    expect(a.ductape_user_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.ductape_user_id.replaceAll('-', '').slice(0, 12)).toBe(NOW.toString(16).padStart(12, '0'));
    expect(a.ductape_user_id).not.toBe(b.ductape_user_id);
    expect((await store.userById(a.ductape_user_id)).identifier).toBe('a');
  });

  it('is idempotent: the same batch again changes nothing, not even updatedAt', async () => {
    const store = await open();
    const batch = [record(), record({ session_id: 's-2', revoked_at: iso(T0 + MINUTE) })];
    await store.ingest(batch);
    const before = await contents(store);
    const version = await store.dataVersion();
    clock += 60 * MINUTE;
    expect(await store.ingest(batch)).toEqual({
      accepted: 2,
      users_created: 0,
      sessions_created: 0,
      sessions_updated: 0,
    });
    expect(await contents(store)).toEqual(before);
    expect(await store.dataVersion()).toBe(version);
  });

  it('refreshes with a later end_at, ignores an earlier one, and keeps a revocation for good', async () => {
    const store = await open();
    await store.ingest([record()]);
    clock += MINUTE;
    expect(await store.ingest([record({ end_at: iso(T0 + 600 * MINUTE) })])).toMatchObject({ sessions_updated: 1 });
    expect((await details(store)).sessions[0]).toMatchObject({ end_at: iso(T0 + 600 * MINUTE), active: true });
    expect((await details(store)).updatedAt).toBe(iso(NOW + MINUTE));

    expect(await store.ingest([record({ end_at: iso(T0 + 90 * MINUTE) })])).toMatchObject({ sessions_updated: 0 });
    expect((await details(store)).sessions[0]?.end_at).toBe(iso(T0 + 600 * MINUTE));

    await store.ingest([record({ revoked_at: iso(T0 + 70 * MINUTE) })]);
    await store.ingest([record({ revoked_at: null, end_at: iso(T0 + 900 * MINUTE) })]);
    const revoked = await details(store);
    expect(revoked.sessions[0]).toMatchObject({
      revoked: true,
      revoked_at: iso(T0 + 70 * MINUTE),
      active: false,
      end_at: iso(T0 + 900 * MINUTE),
    });
    expect(revoked.activeSessionsCount).toBe(0);
  });

  it('moves last_seen forward with seen_at, never back, and first_seen back with an earlier session', async () => {
    const store = await open();
    await store.ingest([record({ seen_at: iso(T0 + 40 * MINUTE) })]);
    await store.ingest([record({ seen_at: iso(T0 + 10 * MINUTE) })]);
    expect((await details(store)).last_seen).toBe(iso(T0 + 40 * MINUTE));
    await store.ingest([record({ seen_at: iso(T0 + 45 * MINUTE) })]);
    expect((await details(store)).last_seen).toBe(iso(T0 + 45 * MINUTE));
    await store.ingest([record({ session_id: 'older', start_at: iso(T0 - 60 * MINUTE), end_at: iso(T0) })]);
    expect(await details(store)).toMatchObject({ first_seen: iso(T0 - 60 * MINUTE), last_seen: iso(T0 + 45 * MINUTE) });
  });

  it('keeps counts, page cache and deep-page anchors exact: a read right after sees the batch', async () => {
    const store = await open({ anchorStride: 3 });
    await registerScope(store, 'shop', ['login'], ['production']);
    await insertUsers(
      store,
      Array.from({ length: 20 }, (_, i) => ({
        identifier: `old${i}`,
        env: 'production',
        lastSeen: T0 + i * MINUTE,
        product: 'shop',
        session: 'login',
      })),
    );
    const page = (n: number) => store.fetchUsers({ product: 'shop', session: 'login', page: n, limit: 4 });
    const deepBefore = await page(4);
    expect((await page(1)).total).toBe(20);
    await store.ingest([
      record({ identifier: 'newest', start_at: iso(T0 + 50 * MINUTE), end_at: iso(T0 + 99 * MINUTE) }),
    ]);
    const first = await page(1);
    expect(first.total).toBe(21);
    expect(first.users[0]?.identifier).toBe('newest');
    const deepAfter = await page(4);
    // Everything moved down by one place.
    expect(deepAfter.users.slice(1).map((user) => user.identifier)).toEqual(
      deepBefore.users.slice(0, 3).map((user) => user.identifier),
    );
    expect((await store.catalog()).products[0]?.sessions[0]?.users).toEqual({ production: 21 });
  });

  it('refuses a batch with a session_id of another user, naming the record and field, and applies none of it', async () => {
    const store = await open();
    await store.ingest([record(), record({ session_id: 's-2' })]);
    const before = await contents(store);
    const version = await store.dataVersion();
    const refused = store.ingest([
      record({ identifier: 'new@example.com', session_id: 'fresh', product: 'brand-new' }),
      record({ identifier: 'eve@example.com' }),
      record({ env: 'staging', session_id: 's-2' }),
    ]);
    await expect(refused).rejects.toBeInstanceOf(StoreError);
    await expect(refused).rejects.toMatchObject({
      kind: 'invalid',
      options: {
        details: [
          {
            index: 1,
            field: 'session_id',
            message: 'session_id already belongs to another user, session or environment',
          },
          {
            index: 2,
            field: 'session_id',
            message: 'session_id already belongs to another user, session or environment',
          },
        ],
      },
    });
    expect(await contents(store)).toEqual(before);
    expect(await store.dataVersion()).toBe(version);
  });

  it('refuses a taken ductape_user_id, a different one for a known user, and a changed start_at', async () => {
    const store = await open();
    await store.ingest([record({ ductape_user_id: 'du-ada' })]);
    await expect(
      store.ingest([record({ identifier: 'eve', session_id: 'e', ductape_user_id: 'du-ada' })]),
    ).rejects.toMatchObject({
      options: { details: [{ index: 0, field: 'ductape_user_id' }] },
    });
    await expect(store.ingest([record({ session_id: 'x', ductape_user_id: 'du-other' })])).rejects.toMatchObject({
      options: {
        details: [{ index: 0, field: 'ductape_user_id', message: 'this user already has ductape_user_id "du-ada"' }],
      },
    });
    await expect(
      store.ingest([
        record({ identifier: 'a', session_id: 'a1', ductape_user_id: 'du-a' }),
        record({ identifier: 'a', session_id: 'a2', ductape_user_id: 'du-b' }),
      ]),
    ).rejects.toMatchObject({ options: { details: [{ index: 1, field: 'ductape_user_id' }] } });
    await expect(store.ingest([record({ start_at: iso(T0 + MINUTE) })])).rejects.toMatchObject({
      options: { details: [{ index: 0, field: 'start_at' }] },
    });
    expect((await store.catalog()).products[0]?.sessions[0]?.users).toEqual({ production: 1 });
  });

  it('changes dataVersion on every applied batch, not on a repeated one, and across server processes', async () => {
    const store = await open();
    const first = await store.dataVersion();
    await store.ingest([record()]);
    const second = await store.dataVersion();
    expect(second).not.toBe(first);
    await store.ingest([record()]);
    expect(await store.dataVersion()).toBe(second);
    if (stores.openAnother === undefined) return; // SQLite across connections: sqlite/freshness.test.ts
    const other = await stores.openAnother(store, { now: () => clock });
    expect(await other.dataVersion()).toBe(second);
    await other.ingest([record({ session_id: 's-2', identifier: 'grace@example.com' })]);
    expect(await store.dataVersion()).not.toBe(second);
    expect((await store.fetchUsers({ product: 'shop', session: 'login', page: 1, limit: 20 })).total).toBe(2);
  });
});
