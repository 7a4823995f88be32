import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardStore } from '../store/dashboard-store.ts';
import { describeEachStore } from '../store/conformance/each-store.ts';
import { BEARER, openDemoStore, testApp } from './helpers.ts';

/** Search, sort and the overview over HTTP on the demo data, on each store (SQLite, then PostgreSQL). */
describeEachStore('search, sort and the overview over HTTP', (stores) => {
  let store: DashboardStore;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    store = await openDemoStore(stores, 300);
    app = testApp(store);
  });

  const USERS = '/api/products/my-product/sessions/user-session/users';
  const OVERVIEW = '/api/products/my-product/sessions/user-session/overview';
  const get = async (url: string) => {
    const response = await app.request(url, { headers: BEARER });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  describe('fetchUsers q and sort over HTTP', () => {
    it('finds identifiers containing q ignoring ASCII case, with exact totals', async () => {
      const { status, body } = await get(`${USERS}?q=USER%40EXAMPLE.COM&limit=100`);
      expect(status).toBe(200);
      const users = body.users as { identifier: string }[];
      expect(users.length).toBeGreaterThan(0);
      for (const user of users) expect(user.identifier.toLowerCase()).toContain('user@example.com');
      expect(body.total).toBe(users.length);
    });

    it('sorts by first_seen, newest first', async () => {
      const { body } = await get(`${USERS}?sort=first_seen&limit=50`);
      const times = (body.users as { first_seen: string }[]).map((user) => user.first_seen);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('an empty q or sort is the same as none', async () => {
      expect((await get(`${USERS}?q=&sort=`)).body).toEqual((await get(USERS)).body);
    });

    it('refuses q over 200 characters and an unknown sort, naming the field', async () => {
      const long = await get(`${USERS}?q=${'x'.repeat(201)}`);
      expect(long.status).toBe(400);
      expect(long.body).toMatchObject({ error: { code: 'INVALID_PARAMS', message: 'q must be 1 to 200 characters' } });
      const sort = await get(`${USERS}?sort=name`);
      expect(sort.status).toBe(400);
      expect(sort.body).toMatchObject({
        error: { code: 'INVALID_PARAMS', message: 'sort must be one of: last_seen, first_seen' },
      });
    });
  });

  describe('overview over HTTP', () => {
    it('answers the figures and 30 daily entries by default, and the asked number of days', async () => {
      const { status, body } = await get(OVERVIEW);
      expect(status).toBe(200);
      expect(body.daily).toHaveLength(30);
      const catalog = await store.catalog();
      const counts = catalog.products[0]?.sessions.find((session) => session.tag === 'user-session')?.users ?? {};
      expect(body.users).toBe(Object.values(counts).reduce((sum, n) => sum + n, 0));
      expect((await get(`${OVERVIEW}?days=90&env=production`)).body.daily).toHaveLength(90);
    });

    it('refuses days outside 1–365 and unknown scopes with the contract errors', async () => {
      for (const days of ['0', '366', '1.5', 'x']) {
        const answer = await get(`${OVERVIEW}?days=${days}`);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          error: { code: 'INVALID_PARAMS', message: 'days must be a whole number from 1 to 365' },
        });
      }
      expect((await get(`${OVERVIEW}?env=nope`)).body).toMatchObject({ error: { code: 'ENV_NOT_FOUND' } });
      expect((await get('/api/products/my-product/sessions/nope/overview')).status).toBe(404);
    });
  });
});
