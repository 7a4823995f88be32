import { beforeAll, describe, expect, it } from 'vitest';
import {
  catalogSchema,
  errorBodySchema,
  fetchUsersResultSchema,
  healthSchema,
  userByIdSchema,
  userDetailsSchema,
  type ISessionUser,
} from '../../src/contract/session-users.ts';
import { describeEachStore } from '../store/conformance/each-store.ts';
import { BEARER, errorOf, openDemoStore, PRODUCT, SESSION, testApp, USERS_PATH } from './helpers.ts';

/** The read API over HTTP on the demo data, on each store (SQLite, then PostgreSQL). */
describeEachStore('the read API', (stores) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(await openDemoStore(stores));
  });

  const get = (path: string) => app.request(path, { headers: BEARER });

  async function getJson(path: string) {
    const response = await get(path);
    return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
  }

  async function usersPage(query: string) {
    const { status, body } = await getJson(`${USERS_PATH}?${query}`);
    expect(status).toBe(200);
    return fetchUsersResultSchema.parse(body);
  }

  describe('GET /api/health', () => {
    it('answers ok without a token', async () => {
      const response = await app.request('/api/health');
      expect(response.status).toBe(200);
      expect(healthSchema.parse(await response.json())).toEqual({ status: 'ok' });
    });
  });

  describe('GET /api/catalog', () => {
    it('lists the demo product, its session and environments with user counts', async () => {
      const { status, body } = await getJson('/api/catalog');
      expect(status).toBe(200);
      const catalog = catalogSchema.parse(body);
      const product = catalog.products.find((p) => p.tag === PRODUCT);
      expect(product?.envs).toEqual(expect.arrayContaining(['production', 'staging']));
      const session = product?.sessions.find((s) => s.tag === SESSION);
      expect(session?.users.production).toBeGreaterThan(0);
    });
  });

  describe('GET fetchUsers', () => {
    it('defaults to page 1 and limit 20, and parses with the contract schema', async () => {
      const result = await usersPage('');
      expect(result.page).toBe(1);
      expect(result.limit).toBe(20);
      expect(result.users).toHaveLength(20);
      expect(result.totalPages).toBe(Math.ceil(result.total / 20));
    });

    it('shows every user of an environment exactly once across pages, newest last_seen first', async () => {
      const first = await usersPage('env=production&limit=7');
      const seen: ISessionUser[] = [];
      for (let page = 1; page <= first.totalPages; page++) {
        const result = await usersPage(`env=production&limit=7&page=${page}`);
        expect(result.total).toBe(first.total);
        seen.push(...result.users);
      }
      expect(seen).toHaveLength(first.total);
      expect(new Set(seen.map((u) => u._id)).size).toBe(first.total);
      expect(seen.every((u) => u.env === 'production')).toBe(true);
      for (let i = 1; i < seen.length; i++) {
        expect(Date.parse(seen[i - 1]!.last_seen)).toBeGreaterThanOrEqual(Date.parse(seen[i]!.last_seen));
      }
    });

    it('gives each environment the total the catalog counts, and all of them without env', async () => {
      const catalog = catalogSchema.parse((await getJson('/api/catalog')).body);
      const counts = catalog.products.find((p) => p.tag === PRODUCT)!.sessions.find((s) => s.tag === SESSION)!.users;
      let sum = 0;
      for (const [env, count] of Object.entries(counts)) {
        expect((await usersPage(`env=${encodeURIComponent(env)}&limit=1`)).total).toBe(count);
        sum += count;
      }
      expect((await usersPage('limit=1')).total).toBe(sum);
    });

    it('answers a page past the last with no users and the true totals', async () => {
      const first = await usersPage('limit=100');
      const past = await usersPage(`limit=100&page=${first.totalPages + 5}`);
      expect(past).toMatchObject({ users: [], total: first.total, totalPages: first.totalPages, limit: 100 });
      expect((await usersPage('page=1000000000')).users).toEqual([]);
    });

    it('treats an empty env as absent and ignores unknown parameters', async () => {
      const all = await usersPage('limit=5');
      expect(await usersPage('env=&limit=5&colour=blue&page=')).toEqual(all);
    });

    it.each([
      ['page=0', 'page must be a whole number from 1 to 1000000000'],
      ['page=1000000001', 'page must be a whole number from 1 to 1000000000'],
      ['limit=0', 'limit must be a whole number from 1 to 100'],
      ['limit=101', 'limit must be a whole number from 1 to 100'],
      ['page=1&page=2', 'page was given more than once'],
      ['limit=5&limit=5', 'limit was given more than once'],
      ['env=production&env=staging', 'env was given more than once'],
    ])('rejects %s with 400 INVALID_PARAMS naming the field', async (query, message) => {
      const response = await get(`${USERS_PATH}?${query}`);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toEqual({ code: 'INVALID_PARAMS', message });
    });
  });

  describe('GET fetchUserDetails', () => {
    const details = async (identifier: string, query = '') => {
      const { status, body } = await getJson(`${USERS_PATH}/${identifier}${query}`);
      expect(status).toBe(200);
      return userDetailsSchema.parse(body);
    };

    it('returns user@example.com in production with 30+ sessions, newest first, one active', async () => {
      const user = await details('user%40example.com', '?env=production');
      expect(user).toMatchObject({ identifier: 'user@example.com', env: 'production', product_tag: PRODUCT });
      expect(user.totalSessions).toBeGreaterThanOrEqual(30);
      expect(user.activeSessionsCount).toBeGreaterThanOrEqual(1);
      expect(user.activeSessionsCount).toBe(user.sessions.filter((s) => s.active).length);
      const starts = user.sessions.map((s) => Date.parse(s.start_at));
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
    });

    it('without env, picks the most recently seen environment', async () => {
      const user = await details('user%40example.com');
      const everyEnv = await usersPage('limit=100');
      const newest = everyEnv.users.find((u) => u.identifier === 'user@example.com');
      expect(newest).toBeDefined();
      expect(user.env).toBe(newest?.env);
    });

    it('decodes %2F and %2B in the identifier segment, and keeps a literal + as a plus', async () => {
      expect((await details('a%2Bb%2Fc%40example.com')).identifier).toBe('a+b/c@example.com');
      expect((await details('a+b%2Fc@example.com')).identifier).toBe('a+b/c@example.com');
      expect((await details('a%2bb%2fc@example.com', '?env=staging')).env).toBe('staging');
      expect((await details('%2B1-555-0100')).identifier).toBe('+1-555-0100');
      expect((await details('+1-555-0100')).identifier).toBe('+1-555-0100');
    });

    it('finds identifiers with %, ?, #, quotes, HTML and non-Latin letters', async () => {
      for (const identifier of [
        '100%real@example.com',
        'what?#frag&x=1@example.com',
        `o'brien "the admin"@example.com`,
        '<b>x</b>@example.com',
        '用户@例子.测试',
        'jane doe@example.com',
      ]) {
        expect((await details(encodeURIComponent(identifier))).identifier).toBe(identifier);
      }
    });
  });

  describe('GET /api/users/{ductape_user_id}', () => {
    it('returns the user with a session count', async () => {
      const someone = (await usersPage('limit=1')).users[0]!;
      const { status, body } = await getJson(`/api/users/${encodeURIComponent(someone.ductape_user_id)}`);
      expect(status).toBe(200);
      const user = userByIdSchema.parse(body);
      expect(user).toMatchObject({ _id: someone._id, identifier: someone.identifier });
      expect(user.session_count).toBeGreaterThan(0);
    });

    it('answers 404 USER_NOT_FOUND for an unknown id', async () => {
      const response = await get('/api/users/no-such-user');
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('USER_NOT_FOUND');
    });
  });

  describe('not-found codes', () => {
    it.each([
      ['/api/products/nope/sessions/user-session/users', 'PRODUCT_NOT_FOUND'],
      ['/api/products/my-product/sessions/nope/users', 'SESSION_NOT_FOUND'],
      [`${USERS_PATH}?env=nope`, 'ENV_NOT_FOUND'],
      [`${USERS_PATH}/nobody%40example.com`, 'USER_NOT_FOUND'],
      [`${USERS_PATH}/user%40example.com?env=nope`, 'ENV_NOT_FOUND'],
      ['/api/products/nope/sessions/user-session/users/user%40example.com', 'PRODUCT_NOT_FOUND'],
      ['/api/nope', 'NOT_FOUND'],
      ['/api/catalog/extra', 'NOT_FOUND'],
    ])('%s → 404 %s', async (path, code) => {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(errorBodySchema.parse(await response.json()).error.code).toBe(code);
    });

    it('answers 404 JSON for other methods on API routes', async () => {
      const response = await app.request('/api/catalog', { method: 'DELETE', headers: BEARER });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    });
  });
});
