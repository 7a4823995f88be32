import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security-headers.ts';
import { StoreError, type SessionUsersSource } from '../store/source.ts';
import {
  BEARER,
  demoStore,
  errorOf,
  memoryLogger,
  SECURITY_HEADER_NAMES,
  testApp,
  TOKEN,
  USERS_PATH,
} from './helpers.ts';

const store = demoStore(50);
afterAll(() => store.close());

describe('security headers', () => {
  const app = testApp(store);

  it.each([
    ['/api/health', {}, 200],
    ['/api/catalog', BEARER, 200],
    ['/api/catalog', {}, 401],
    [`${USERS_PATH}?page=0`, BEARER, 400],
    ['/api/users/nobody', BEARER, 404],
    ['/api/nope', BEARER, 404],
    ['/?token=wrong', {}, 302],
    ['/no-static-dir', {}, 404],
  ] as const)('are on %s (%s → %i)', async (path, headers, status) => {
    const response = await app.request(path, { headers });
    expect(response.status).toBe(status);
    for (const name of SECURITY_HEADER_NAMES) expect(response.headers.get(name), name).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it('keeps API answers out of shared caches and has browsers revalidate them; errors are never kept', async () => {
    const response = await app.request('/api/catalog', { headers: BEARER });
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const error = await app.request('/api/catalog');
    expect(error.status).toBe(401);
    expect(error.headers.get('cache-control')).toBe('no-store');
  });
});

describe('request logs', () => {
  it('write one line per request without query string, token or cookie', async () => {
    const logger = memoryLogger();
    const app = testApp(store, { logger });
    await app.request(`/users/x?token=${TOKEN}&env=production`);
    await app.request(`${USERS_PATH}?env=production`, { headers: { ...BEARER, Cookie: 'dashboard_session=abc' } });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatchObject({ method: 'GET', path: '/users/x', status: 302 });
    expect(logger.lines[1]).toMatchObject({ method: 'GET', path: USERS_PATH, status: 200 });
    expect(typeof logger.lines[1]?.ms).toBe('number');
    const text = JSON.stringify(logger.lines);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('dashboard_session');
    expect(text).not.toContain('?');
  });
});

describe('GET /api/openapi.json', () => {
  const app = testApp(store);

  it('is an OpenAPI 3.1 document listing every route, the security schemes and error responses', async () => {
    const response = await app.request('/api/openapi.json', { headers: BEARER });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; description?: string }[]; responses: Record<string, unknown> }>
      >;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
      security: unknown[];
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/health',
        '/api/catalog',
        '/api/login',
        '/api/logout',
        '/api/session',
        '/api/openapi.json',
        '/api/products/{product}/sessions/{session}/users',
        '/api/products/{product}/sessions/{session}/users/{identifier}',
        '/api/products/{product}/sessions/{session}/overview',
        '/api/users/{ductape_user_id}',
        '/api/ingest/sessions',
      ].sort(),
    );
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearerAuth', 'ingestBearerAuth', 'cookieAuth']);
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['ISessionUser', 'FetchUsersResult', 'UserDetails', 'UserById', 'Catalog', 'Error']),
    );
    const fetchUsers = doc.paths['/api/products/{product}/sessions/{session}/users']?.get;
    expect(Object.keys(fetchUsers?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '404', '503']),
    );
    const params = fetchUsers?.parameters ?? [];
    expect(params.map((p) => p.name)).toEqual(['product', 'session', 'env', 'page', 'limit', 'q', 'sort']);
    expect(params.every((p) => p.description)).toBe(true);
  });
});

describe('store trouble and unexpected errors', () => {
  it('answers 503 SERVICE_UNAVAILABLE when the store cannot be read', async () => {
    const closed = demoStore(10);
    closed.db.close();
    const logger = memoryLogger();
    const app = testApp(closed, { logger });
    const response = await app.request('/api/catalog', { headers: BEARER });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await errorOf(response)).code).toBe('SERVICE_UNAVAILABLE');
    expect(logger.errors).toHaveLength(1);
  });

  it.each([
    ['busy', 503],
    ['unavailable', 503],
    ['corrupt', 503],
  ] as const)('maps a %s store to %i with Retry-After through the app', async (kind, status) => {
    const failing: SessionUsersSource = {
      ...store,
      catalog: () => Promise.reject(new StoreError(kind, 'The store says why.')),
    };
    const response = await testApp(failing).request('/api/catalog', { headers: BEARER });
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await errorOf(response)).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'The store says why.' });
  });

  it('maps not_found to 404 with its code, and invalid to 400 INVALID_PARAMS with the details', async () => {
    const details = [{ index: 2, field: 'session_id', message: 'taken' }];
    const failing: SessionUsersSource = {
      ...store,
      catalog: () => Promise.reject(new StoreError('not_found', 'No product "x"', { code: 'PRODUCT_NOT_FOUND' })),
      userById: () => Promise.reject(new StoreError('invalid', 'Record 2 is not valid', { details })),
    };
    const app = testApp(failing);
    const missing = await app.request('/api/catalog', { headers: BEARER });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'PRODUCT_NOT_FOUND', message: 'No product "x"' } });
    const invalid = await app.request('/api/users/abc', { headers: BEARER });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      error: { code: 'INVALID_PARAMS', message: 'Record 2 is not valid', details },
    });
  });

  it('answers a raw database error from a store that did not convert it as a bug (500), not as 503', async () => {
    const leaky: SessionUsersSource = {
      ...store,
      catalog: () => Promise.reject(new Database.SqliteError('database is locked', 'SQLITE_BUSY')),
    };
    const response = await testApp(leaky, { logger: memoryLogger() }).request('/api/catalog', { headers: BEARER });
    expect(response.status).toBe(500);
  });

  it('hides an unexpected failure behind a generic 500 INTERNAL and logs it', async () => {
    // A deliberately broken source: the only way to reach the safety net (no client input can).
    const broken: SessionUsersSource = { ...store, catalog: () => Promise.reject(new Error('secret detail')) };
    const logger = memoryLogger();
    const response = await testApp(broken, { logger }).request('/api/catalog', { headers: BEARER });
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('secret detail');
    expect(logger.errors[0]).toMatchObject({ event: 'unexpected_error', message: 'secret detail' });
    for (const name of SECURITY_HEADER_NAMES) expect(response.headers.get(name)).toBeTruthy();
  });
});
