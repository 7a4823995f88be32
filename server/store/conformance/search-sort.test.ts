import { beforeAll, expect, it } from 'vitest';
import type { ISessionUser } from '../../../src/contract/session-users.ts';
import type { UserSort } from '../../../src/contract/view-params.ts';
import type { DashboardStore } from '../dashboard-store.ts';
import { describeEachStore } from './each-store.ts';
import { nextIds, registerScope, T0, MINUTE } from './test-data.ts';

/**
 * Search (`q`) and sort over a store with awkward identifiers: every page of every list is compared
 * with the same list computed by hand (contains, ignoring ASCII letter case only; newest first,
 * then `_id` descending). Both search paths run: the trigram index with a small candidate limit
 * (selective terms) and the index walk (broad or 1–2 character terms), and deep pages seek anchors.
 */
const ENVS = ['production', 'staging', 'development'];
const PIECES = [
  'ada',
  'ADA',
  'Bob',
  'x%y',
  'a_b',
  'back\\slash',
  'ÉMILE',
  'émile',
  'zoë',
  '"q"',
  '<b>x</b>',
  '+/',
  'k',
  'Kelvin\u212a',
];

const users: ISessionUser[] = [];

const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function expected(q: string | undefined, sort: UserSort, env: string | undefined): ISessionUser[] {
  return users
    .filter((user) => env === undefined || user.env === env)
    .filter((user) => q === undefined || asciiLower(user.identifier).includes(asciiLower(q)))
    .sort((a, b) => (a[sort] === b[sort] ? (a._id < b._id ? 1 : -1) : a[sort] < b[sort] ? 1 : -1));
}

async function everyPage(
  target: DashboardStore,
  q: string | undefined,
  sort: UserSort,
  env: string | undefined,
  limit: number,
) {
  const seen: ISessionUser[] = [];
  const first = await target.fetchUsers({
    product: 'my-product',
    session: 'user-session',
    env,
    page: 1,
    limit,
    q,
    sort,
  });
  for (let page = 1; page <= first.totalPages; page++) {
    const result = await target.fetchUsers({
      product: 'my-product',
      session: 'user-session',
      env,
      page,
      limit,
      q,
      sort,
    });
    expect(result.total).toBe(first.total);
    seen.push(...result.users);
  }
  return { total: first.total, totalPages: first.totalPages, users: seen };
}

const TERMS = [
  'ada',
  'ADA',
  'aDa1',
  'a',
  'A',
  'k',
  'K',
  'x%y',
  '%',
  '_',
  'a_b',
  '\\',
  'back\\s',
  'émile',
  'ÉMILE',
  'Émile',
  'zoë',
  'ZOË',
  '"',
  '"q"',
  '<b>',
  '+/',
  '@example.com',
  'EXAMPLE',
  '12',
  '7.',
  'kelvin',
  'KELVIN\u212a',
  'nothing-like-this',
  'bob1',
];

describeEachStore('fetchUsers with q and sort', (stores) => {
  let store: DashboardStore;

  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }

  beforeAll(async () => {
    users.length = 0; // filled again for each store's block
    const next = random(7);
    store = await stores.open({ anchorStride: 5, pageCacheSize: 0 });
    const rows = Array.from({ length: 400 }, (_, n) => {
      const pick = () => PIECES[Math.floor(next() * PIECES.length)]!;
      const lastSeen = T0 + Math.floor(next() * 50) * MINUTE; // many ties: the _id tie-break matters
      return {
        ...nextIds(),
        product: 'my-product',
        session: 'user-session',
        env: ENVS[n % 3]!,
        identifier: `${pick()}${n}.${pick()}@example.com`,
        first_seen: lastSeen - Math.floor(next() * 40) * MINUTE,
        last_seen: lastSeen,
        created_at: lastSeen,
        updated_at: lastSeen,
      };
    });
    await registerScope(store, 'my-product', ['user-session'], ENVS);
    await store.bulkLoad([], () => rows.map((user) => ({ user, sessions: [] })));
    for (const row of rows) {
      users.push({
        _id: row._id,
        ductape_user_id: row.ductape_user_id,
        product_tag: row.product,
        session_tag: row.session,
        identifier: row.identifier,
        env: row.env,
        first_seen: new Date(row.first_seen).toISOString(),
        last_seen: new Date(row.last_seen).toISOString(),
        createdAt: new Date(row.created_at).toISOString(),
        updatedAt: new Date(row.updated_at).toISOString(),
      });
    }
  });

  for (const sort of ['last_seen', 'first_seen'] as const) {
    for (const env of [undefined, 'staging']) {
      it(`every page of every search matches the list computed by hand (sort ${sort}, env ${env ?? 'all'})`, async () => {
        for (const target of [store]) {
          for (const q of TERMS) {
            const want = expected(q, sort, env);
            const got = await everyPage(target, q, sort, env, 7);
            expect({ q, total: got.total, ids: got.users.map((u) => u._id) }).toEqual({
              q,
              total: want.length,
              ids: want.map((u) => u._id),
            });
            expect(got.totalPages).toBe(Math.ceil(want.length / 7));
          }
        }
      });
    }
    it(`sort ${sort} without q pages every user once, newest first, deep pages included`, async () => {
      const got = await everyPage(store, undefined, sort, undefined, 3);
      expect(got.users.map((u) => u._id)).toEqual(expected(undefined, sort, undefined).map((u) => u._id));
      expect(got.users[0]).toEqual(expected(undefined, sort, undefined)[0]);
    });
  }

  it('without q and sort answers exactly as before (last_seen, then _id)', async () => {
    const plain = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 2, limit: 20 });
    const explicit = await store.fetchUsers({
      product: 'my-product',
      session: 'user-session',
      page: 2,
      limit: 20,
      sort: 'last_seen',
    });
    expect(plain).toEqual(explicit);
    expect(plain.total).toBe(400);
    expect(plain.users.map((u) => u._id)).toEqual(
      expected(undefined, 'last_seen', undefined)
        .slice(20, 40)
        .map((u) => u._id),
    );
  });

  it('a page past the last match answers the true total with no users', async () => {
    const result = await store.fetchUsers({
      product: 'my-product',
      session: 'user-session',
      page: 99,
      limit: 20,
      q: 'ada',
    });
    expect(result.users).toEqual([]);
    expect(result.total).toBe(expected('ada', 'last_seen', undefined).length);
  });

  it('a search holding a NUL character finds no one instead of failing', async () => {
    for (const q of ['ada\u0000', 'user@;\u00001e9 1=x', '\u0000\u0000\u0000']) {
      const result = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 20, q });
      expect(result).toMatchObject({ users: [], total: 0 });
    }
  });

  it('keeps finding users written after the search index was built (ingest), and forgets none', async () => {
    const target = await stores.open({ now: () => T0 });
    await target.ingest([
      {
        product: 'p',
        session: 's',
        env: 'e',
        identifier: 'Needle@Example.com',
        session_id: 'n1',
        start_at: new Date(T0).toISOString(),
        end_at: new Date(T0 + MINUTE).toISOString(),
      },
    ]);
    const found = await target.fetchUsers({ product: 'p', session: 's', page: 1, limit: 20, q: 'needle@' });
    expect(found.users.map((u) => u.identifier)).toEqual(['Needle@Example.com']);
    await target.clear();
    await expect(target.fetchUsers({ product: 'p', session: 's', page: 1, limit: 20, q: 'needle' })).rejects.toThrow(
      /No product/,
    );
    await target.close();
  });
});
