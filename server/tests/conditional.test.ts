import { brotliDecompressSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEachStore } from '../store/conformance/each-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { insertUsers, MINUTE, registerScope } from '../store/sqlite/test-data.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { BEARER, openDemoStore, testApp, TOKEN, USERS_PATH } from './helpers.ts';

const READS = new Set(['fetchUsers', 'fetchUserDetails', 'userById', 'catalog']);

/** The real store, counting the reads that reach it (its dataVersion, the ETag base, is not counted). */
function countingSource(store: SessionUsersSource): { source: SessionUsersSource; reads: () => number } {
  let reads = 0;
  const source = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof name === 'string' && READS.has(name) && typeof value === 'function') {
        return (...args: unknown[]) => {
          reads += 1;
          return (value as (...a: unknown[]) => unknown)(...args);
        };
      }
      return value;
    },
  });
  return { source, reads: () => reads };
}

let written = 0;
/** One user seen at `lastSeen`, sent in through the store's ingest (either store). */
async function writeUser(store: SessionUsersSource, identifier: string, lastSeen: number, product = 'my-product') {
  written += 1;
  await store.ingest([
    {
      product,
      session: product === 'my-product' ? 'user-session' : 'other-session',
      env: 'production',
      identifier,
      session_id: `conditional-${written}`,
      start_at: new Date(lastSeen - MINUTE).toISOString(),
      end_at: new Date(lastSeen + 60 * MINUTE).toISOString(),
      seen_at: new Date(lastSeen).toISOString(),
    },
  ]);
}

/** ETags, 304s and the answers kept in memory, on each store (SQLite, then PostgreSQL). */
describeEachStore('conditional GETs', (stores) => {
  let store: SessionUsersSource;
  let counted: ReturnType<typeof countingSource>;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    store = await openDemoStore(stores, 100);
    counted = countingSource(store);
    app = testApp(counted.source);
  });

  const PATHS = [
    '/api/catalog',
    `${USERS_PATH}?limit=20`,
    `${USERS_PATH}?env=production&page=2&limit=10`,
    `${USERS_PATH}/user%40example.com`,
  ];

  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(path, { headers: { ...BEARER, ...headers } });

  async function sessionCookie(): Promise<string> {
    const login = await app.request('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(login.status).toBe(204);
    return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  describe('ETag and If-None-Match on API GETs', () => {
    it.each(PATHS)('%s carries a weak ETag and is revalidated, never shared', async (path) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]+"$/);
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
    });

    it.each(PATHS)('%s answers 304 with no body when the tag still matches', async (path) => {
      const etag = (await get(path)).headers.get('etag') ?? '';
      const again = await get(path, { 'If-None-Match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('private, no-cache');
      expect(await again.text()).toBe('');
      // Weak comparison, lists and a different tag.
      expect((await get(path, { 'If-None-Match': `"other", ${etag.slice(2)}` })).status).toBe(304);
      expect((await get(path, { 'If-None-Match': '*' })).status).toBe(304);
      const other = await get(path, { 'If-None-Match': 'W/"something-else"' });
      expect(other.status).toBe(200);
      expect(other.headers.get('etag')).toBe(etag);
    });

    it('gives the same tag to a bearer token and a session cookie: the answer is the same data', async () => {
      const cookie = await sessionCookie();
      const path = `${USERS_PATH}?limit=20`;
      const byBearer = await get(path);
      const byCookie = await app.request(path, { headers: { Cookie: cookie } });
      expect(byCookie.headers.get('etag')).toBe(byBearer.headers.get('etag'));
      expect(await byCookie.text()).toBe(await byBearer.text());
      const revalidated = await app.request(path, {
        headers: { Cookie: cookie, 'If-None-Match': byBearer.headers.get('etag') ?? '' },
      });
      expect(revalidated.status).toBe(304);
    });

    it('still asks for credentials first: a known tag without a token is 401', async () => {
      const etag = (await get('/api/catalog')).headers.get('etag') ?? '';
      const response = await app.request('/api/catalog', { headers: { 'If-None-Match': etag } });
      expect(response.status).toBe(401);
      expect(response.headers.get('etag')).toBeNull();
    });

    it('tags no error answer', async () => {
      const response = await get(`${USERS_PATH}/nobody%40example.com`);
      expect(response.status).toBe(404);
      expect(response.headers.get('etag')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('answers a revalidation from memory while the data is unchanged: no query runs', async () => {
      const path = `${USERS_PATH}?page=3&limit=7`;
      const first = await get(path);
      const etag = first.headers.get('etag') ?? '';
      const before = counted.reads();
      for (let i = 0; i < 3; i++) expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);
      expect(counted.reads()).toBe(before);
    });

    it('answers a repeated request from memory while the data is unchanged: same bytes and headers, no query', async () => {
      const path = `${USERS_PATH}?page=4&limit=9`;
      const first = await get(path);
      const firstBody = await first.text();
      // Kept from the second time an address is asked for.
      await get(path);
      const before = counted.reads();
      for (const accept of [undefined, 'gzip, deflate, br']) {
        const again = await get(path, accept === undefined ? {} : { 'Accept-Encoding': accept });
        expect(again.status).toBe(200);
        for (const name of ['etag', 'cache-control', 'content-type', 'x-content-type-options']) {
          expect(again.headers.get(name)).toBe(first.headers.get(name));
        }
        if (accept !== undefined) expect(again.headers.get('content-encoding')).toBe('br');
        const bytes = Buffer.from(await again.arrayBuffer());
        const text = accept === undefined ? bytes.toString() : brotliDecompressSync(bytes).toString();
        expect(text).toBe(firstBody);
      }
      expect(counted.reads()).toBe(before);
    });

    it('answers a repeated request with the new data once the data changes', async () => {
      const path = `${USERS_PATH}?limit=5`;
      const first = (await (await get(path)).json()) as { users: { identifier: string }[] };
      await writeUser(store, 'newest.again@example.com', Date.now() + MINUTE / 2);
      const after = (await (await get(path)).json()) as { users: { identifier: string }[] };
      expect(first.users[0]?.identifier).not.toBe('newest.again@example.com');
      expect(after.users[0]?.identifier).toBe('newest.again@example.com');
    });

    it('answers 200 with the new data and a new tag once the data changes', async () => {
      const path = `${USERS_PATH}?limit=20`;
      const etag = (await get(path)).headers.get('etag') ?? '';
      await writeUser(store, 'just.arrived@example.com', Date.now() + MINUTE);
      const before = counted.reads();
      const after = await get(path, { 'If-None-Match': etag });
      expect(after.status).toBe(200);
      expect(counted.reads()).toBe(before + 1);
      expect(after.headers.get('etag')).not.toBe(etag);
      const body = (await after.json()) as { users: { identifier: string }[] };
      expect(body.users[0]?.identifier).toBe('just.arrived@example.com');
      const catalog = await get('/api/catalog', { 'If-None-Match': etag });
      expect(catalog.status).toBe(200);
    });

    it('still answers 304 after a write that left this answer as it was (compared by its bytes)', async () => {
      const path = `${USERS_PATH}/user%40example.com`;
      const etag = (await get(path)).headers.get('etag') ?? '';
      await writeUser(store, 'elsewhere@example.com', Date.now(), 'other-product');
      const before = counted.reads();
      const after = await get(path, { 'If-None-Match': etag });
      expect(after.status).toBe(304);
      expect(counted.reads()).toBe(before + 1);
    });
  });
});

describe("a user's history, whose `active` flags change with time", () => {
  afterEach(() => vi.useRealTimers());

  it('is answered from memory only until its first active session ends', async () => {
    const start = Date.UTC(2026, 5, 1, 12, 0, 0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const timed = openSqliteStore(':memory:');
    try {
      registerScope(timed);
      insertUsers(timed, [
        {
          identifier: 'ends.soon@example.com',
          env: 'production',
          lastSeen: start - 30 * MINUTE,
          sessions: [{ session_id: 's-1', start_at: start - 60 * MINUTE, end_at: start + 5 * MINUTE, revoked: false }],
        },
      ]);
      const { source, reads } = countingSource(timed);
      const timedApp = testApp(source);
      const path = `${USERS_PATH}/ends.soon%40example.com`;
      const request = (etag?: string) =>
        timedApp.request(path, { headers: { ...BEARER, ...(etag ? { 'If-None-Match': etag } : {}) } });

      const first = await request();
      expect(((await first.json()) as { activeSessionsCount: number }).activeSessionsCount).toBe(1);
      const etag = first.headers.get('etag') ?? '';
      vi.setSystemTime(start + 4 * MINUTE);
      const before = reads();
      expect((await request(etag)).status).toBe(304);
      expect(reads()).toBe(before);

      // Without a tag: the same answer, kept from its second reading on.
      const active = async () =>
        ((await (await request()).json()) as { activeSessionsCount: number }).activeSessionsCount;
      expect(await active()).toBe(1);
      const kept = reads();
      expect(await active()).toBe(1);
      expect(reads()).toBe(kept);

      vi.setSystemTime(start + 6 * MINUTE);
      const ended = await request(etag);
      expect(ended.status).toBe(200);
      expect(reads()).toBe(kept + 1);
      expect(((await ended.json()) as { activeSessionsCount: number }).activeSessionsCount).toBe(0);
      expect(ended.headers.get('etag')).not.toBe(etag);
    } finally {
      timed.close();
    }
  });
});
