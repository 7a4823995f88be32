import { afterAll, describe, expect, it } from 'vitest';
import { Auth, LOGIN_COOKIE, LOGIN_TTL_SECONDS } from '../auth.ts';
import { BEARER, demoStore, errorOf, TEST_THROTTLE, testApp, TOKEN, USERS_PATH } from './helpers.ts';

const store = demoStore(50);
afterAll(() => store.close());

/** The `name=value` part of the session Set-Cookie header, ready to send back. */
function sessionCookie(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const pair = header.split(';')[0] ?? '';
  expect(pair.startsWith(`${LOGIN_COOKIE}=`)).toBe(true);
  return pair;
}

const remote = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

async function timed(work: () => Response | Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await work();
  return { response, ms: performance.now() - started };
}

describe('API access', () => {
  const app = testApp(store);

  it.each([
    '/api/catalog',
    `${USERS_PATH}`,
    `${USERS_PATH}/user%40example.com`,
    '/api/users/x',
    '/api/session',
    '/api/openapi.json',
    '/api/nope',
  ])('%s needs the token', async (path) => {
    const response = await app.request(path);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
  });

  it('lets a bearer token in, and turns a wrong or malformed one away', async () => {
    expect((await app.request('/api/catalog', { headers: BEARER })).status).toBe(200);
    expect((await app.request('/api/catalog', { headers: { Authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Bearer', `Basic ${TOKEN}`, TOKEN]) {
      const response = await app.request(
        '/api/catalog',
        { headers: { Authorization: authorization } },
        remote(authorization),
      );
      expect(response.status, authorization).toBe(401);
    }
  });

  it('lets the health check and login endpoints through without a token', async () => {
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/logout', { method: 'POST' })).status).toBe(204);
  });

  it('does not accept the raw token as the cookie value', async () => {
    const response = await app.request('/api/catalog', { headers: { Cookie: `${LOGIN_COOKIE}=${TOKEN}` } });
    expect(response.status).toBe(401);
  });
});

describe('POST /api/login, /api/session and /api/logout', () => {
  const app = testApp(store);
  const login = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    app.request('/api/login', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('exchanges the token for an HttpOnly SameSite=Strict cookie that is not the token', async () => {
    const response = await login({ token: TOKEN });
    expect(response.status).toBe(204);
    const header = response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(new RegExp(`Max-Age=${LOGIN_TTL_SECONDS}`));
    expect(header).not.toMatch(/Secure/);
    expect(header).not.toContain(TOKEN);

    const cookie = sessionCookie(response);
    const session = await app.request('/api/session', { headers: { Cookie: cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ authenticated: true });
    expect((await app.request('/api/catalog', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('marks the cookie Secure over HTTPS or behind a proxy that says so', async () => {
    const viaProxy = await app.request('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const direct = await app.request('https://dashboard.example/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers a wrong token with 401 "That token is not valid." and no cookie', async () => {
    const response = await login({ token: 'wrong-token' });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await errorOf(response)).toEqual({ code: 'UNAUTHORIZED', message: 'That token is not valid.' });
  });

  it.each([
    ['malformed JSON', '{"token":', undefined],
    ['no body', '', undefined],
    ['an array', '[]', undefined],
    ['a number token', '{"token":5}', 'token must be text'],
    ['no token field', '{}', 'token is required'],
    ['an empty token', '{"token":""}', 'token must not be empty'],
  ])('answers %s with 400 INVALID_PARAMS', async (_label, body, message) => {
    const response = await login(body);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('INVALID_PARAMS');
    if (message) expect(error.message).toBe(message);
  });

  it('wants JSON: other content types and oversized bodies are 400', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await login(`{"token":"${TOKEN}"}`, { 'Content-Type': type });
      expect(response.status, type).toBe(400);
      expect((await errorOf(response)).code).toBe('INVALID_PARAMS');
    }
    const huge = await login({ token: TOKEN, padding: 'x'.repeat(20_000) });
    expect(huge.status).toBe(400);
  });

  it('rejects a tampered, foreign or expired cookie', async () => {
    const cookie = sessionCookie(await login({ token: TOKEN }));
    const [name, value = ''] = cookie.split('=');
    const [expires, mac = ''] = value.split('.');
    const tampered = [
      `${name}=${Number(expires) + 1}.${mac}`,
      `${name}=${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `${name}=${new Auth({ token: 'another-token-value' }).loginCookieValue()}`,
      `${name}=${new Auth({ token: TOKEN, now: () => Date.now() - (LOGIN_TTL_SECONDS + 5) * 1000 }).loginCookieValue()}`,
      `${name}=`,
    ];
    for (const bad of tampered) {
      expect((await app.request('/api/session', { headers: { Cookie: bad } })).status, bad).toBe(401);
    }
  });

  it('logout clears the cookie', async () => {
    const response = await app.request('/api/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(
      new RegExp(`^${LOGIN_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`),
    );
  });

  it('/api/session answers 401 without credentials and 200 with a bearer token', async () => {
    expect((await app.request('/api/session')).status).toBe(401);
    expect((await app.request('/api/session', { headers: BEARER })).status).toBe(200);
  });
});

describe('opening a page with ?token=', () => {
  const app = testApp(store);

  it('sets the cookie and redirects to the same address without the token', async () => {
    const response = await app.request(
      `/products/my-product/sessions/user-session/users?env=production&token=${TOKEN}&page=2`,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      '/products/my-product/sessions/user-session/users?env=production&page=2',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const header = response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).not.toContain(TOKEN);
    const cookie = sessionCookie(response);
    expect((await app.request('/api/catalog', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('keeps other parameters byte for byte and percent-encoded paths intact', async () => {
    const response = await app.request(`/users/a%2Bb%2Fc?token=${encodeURIComponent(TOKEN)}&q=a+b%20c`);
    expect(response.headers.get('location')).toBe('/users/a%2Bb%2Fc?q=a+b%20c');
    expect((await app.request(`/?token=${TOKEN}`)).headers.get('location')).toBe('/');
  });

  it('sends a wrong token to the login page with an error and no cookie', async () => {
    const response = await app.request('/users/abc?token=wrong&x=1', {}, remote('10.9.9.9'));
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('location')).toBe(
      `/login?error=invalid_token&next=${encodeURIComponent('/users/abc?x=1')}`,
    );
  });

  it('treats a repeated token parameter as wrong', async () => {
    const response = await app.request(`/?token=${TOKEN}&token=${TOKEN}`, {}, remote('10.9.9.8'));
    expect(response.headers.get('location')).toMatch(/^\/login\?error=invalid_token/);
  });

  it('never redirects to another site', async () => {
    const response = await app.request(`http://localhost//evil.example/x?token=${TOKEN}`);
    expect(response.headers.get('location')).toBe('/evil.example/x');
  });
});

describe('slowing down repeated wrong tokens', () => {
  it('adds a growing delay after 5 failures from one address, and a right token resets it', async () => {
    const app = testApp(store);
    const attacker = remote('203.0.113.7');
    const wrong = () => app.request('/api/catalog', { headers: { Authorization: 'Bearer nope-nope' } }, attacker);

    for (let i = 0; i < 5; i++) {
      const { response, ms } = await timed(wrong);
      expect(response.status).toBe(401);
      expect(ms).toBeLessThan(TEST_THROTTLE.baseDelayMs);
    }
    const sixth = await timed(wrong);
    expect(sixth.response.status).toBe(401);
    expect(sixth.ms).toBeGreaterThanOrEqual(TEST_THROTTLE.baseDelayMs - 5);
    const seventh = await timed(wrong);
    expect(seventh.ms).toBeGreaterThanOrEqual(TEST_THROTTLE.baseDelayMs * 2 - 5);

    // Another address is not slowed.
    const other = await timed(() =>
      app.request('/api/catalog', { headers: { Authorization: 'Bearer nope' } }, remote('198.51.100.1')),
    );
    expect(other.ms).toBeLessThan(TEST_THROTTLE.baseDelayMs);

    // The right token still gets in (after its wait), and clears the record.
    const right = await timed(() => app.request('/api/catalog', { headers: BEARER }, attacker));
    expect(right.response.status).toBe(200);
    const afterReset = await timed(wrong);
    expect(afterReset.ms).toBeLessThan(TEST_THROTTLE.baseDelayMs);
  });

  it('counts login-form and ?token= failures too', async () => {
    const app = testApp(store);
    const client = remote('203.0.113.8');
    const loginWrong = () =>
      app.request(
        '/api/login',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token":"bad-bad-bad"}' },
        client,
      );
    for (let i = 0; i < 3; i++) expect((await loginWrong()).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await app.request('/?token=bad', {}, client)).status).toBe(302);
    const slowed = await timed(loginWrong);
    expect(slowed.response.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(TEST_THROTTLE.baseDelayMs - 5);
  });

  it('serves concurrent guesses one after another', async () => {
    const app = testApp(store, { throttle: { baseDelayMs: 20, maxDelayMs: 20 } });
    const client = remote('203.0.113.9');
    const wrong = () => app.request('/api/catalog', { headers: { Authorization: 'Bearer nope-nope' } }, client);
    for (let i = 0; i < 5; i++) await wrong();
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, wrong));
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 * 20 - 5);
  });
});
