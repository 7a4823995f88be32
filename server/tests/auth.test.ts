import { afterAll, describe, expect, it } from 'vitest';
import { Auth, LOGIN_COOKIE, LOGIN_IDLE_SECONDS, LOGIN_MAX_SECONDS } from '../auth.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { BEARER, demoStore, errorOf, TEST_THROTTLE, tempDir, testApp, TOKEN, USERS_PATH } from './helpers.ts';

const store = demoStore(50);
const dir = tempDir('auth');
afterAll(() => {
  store.close();
  dir.remove();
});

/** The `name=value` part of the login Set-Cookie header, ready to send back. */
function loginCookie(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const pair = header.split(';')[0] ?? '';
  expect(pair.startsWith(`${LOGIN_COOKIE}=`)).toBe(true);
  return pair;
}

const remote = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const JSON_HEADERS = { 'Content-Type': 'application/json' };

type App = ReturnType<typeof testApp>;
const logIn = (app: App, token = TOKEN, client = remote('192.0.2.1')) =>
  app.request('/api/login', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ token }) }, client);
const logOut = (app: App, cookie?: string) =>
  app.request('/api/logout', { method: 'POST', headers: cookie === undefined ? {} : { Cookie: cookie } });
const sessionWith = (app: App, cookie: string) => app.request('/api/session', { headers: { Cookie: cookie } });

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
  const login = (body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
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
    expect(header).toMatch(new RegExp(`Max-Age=${LOGIN_IDLE_SECONDS}`));
    expect(header).not.toMatch(/Secure/);
    expect(header).not.toContain(TOKEN);

    const cookie = loginCookie(response);
    const session = await sessionWith(app, cookie);
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ authenticated: true });
    expect((await app.request('/api/catalog', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('marks the cookie Secure over HTTPS or behind a proxy that says so', async () => {
    const viaProxy = await app.request('/api/login', {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const direct = await app.request('https://dashboard.example/api/login', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('with COOKIE_SECURE=always marks the cookie (and its clearing) Secure whatever the proxy says', async () => {
    const always = testApp(store, { cookieSecure: 'always' });
    const plain = await logIn(always);
    expect(plain.status).toBe(204);
    expect(plain.headers.get('set-cookie')).toMatch(/; Secure/);
    const cleared = await logOut(always);
    expect(cleared.headers.get('set-cookie')).toMatch(/Max-Age=0.*; Secure/);
    const page = await always.request(`/?token=${TOKEN}`);
    expect(page.headers.get('set-cookie')).toMatch(/; Secure/);
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
      expect(await errorOf(response)).toEqual({
        code: 'INVALID_PARAMS',
        message: 'Send the body as JSON (Content-Type: application/json).',
      });
    }
    const huge = await login({ token: TOKEN, padding: 'x'.repeat(20_000) });
    expect(huge.status).toBe(400);
  });

  it('rejects a tampered, foreign, expired, too old or old-format cookie', async () => {
    const cookie = loginCookie(await login({ token: TOKEN }));
    const [name, value = ''] = cookie.split('=');
    const [epoch, issued, expires, mac = ''] = value.split('.');
    const hourAgo = () => Date.now() - 3_600_000;
    const cookieFrom = async (auth: Auth) => `${name}=${(await auth.loginCookie()).value}`;
    const tampered = [
      `${name}=${epoch}.${issued}.${Number(expires) + 1}.${mac}`,
      `${name}=${Number(epoch) + 1}.${issued}.${expires}.${mac}`,
      `${name}=${epoch}.${issued}.${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      await cookieFrom(new Auth({ token: 'another-token-value', epochs: store })),
      await cookieFrom(
        new Auth({ token: TOKEN, epochs: store, now: () => Date.now() - (LOGIN_IDLE_SECONDS + 5) * 1000 }),
      ),
      // Signed in more than 7 days ago: renewals cannot stretch a cookie past that.
      `${name}=${(await new Auth({ token: TOKEN, epochs: store, now: hourAgo }).loginCookie(Math.floor(hourAgo() / 1000) - LOGIN_MAX_SECONDS)).value}`,
      `${name}=${expires}.${mac}`,
      `${name}=`,
    ];
    for (const bad of tampered) {
      const response = await sessionWith(app, bad);
      expect(response.status, bad).toBe(401);
      expect((await errorOf(response)).message).toBe('Your session has ended. Sign in again.');
    }
  });

  it('logout clears the cookie', async () => {
    const response = await app.request('/api/logout', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
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

describe('logging out means out', () => {
  it('a cookie replayed after logout answers 401, and so does every cookie issued before it', async () => {
    const app = testApp(store);
    const mine = loginCookie(await logIn(app));
    const otherBrowser = loginCookie(await logIn(app));
    expect((await sessionWith(app, mine)).status).toBe(200);

    const out = await logOut(app, mine);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);

    for (const replayed of [mine, otherBrowser]) {
      const response = await sessionWith(app, replayed);
      expect(response.status).toBe(401);
      expect(await errorOf(response)).toEqual({
        code: 'UNAUTHORIZED',
        message: 'Your session has ended. Sign in again.',
      });
      expect((await app.request('/api/catalog', { headers: { Cookie: replayed } })).status).toBe(401);
    }
    // Signing in again works, and the bearer token was never affected.
    expect((await sessionWith(app, loginCookie(await logIn(app)))).status).toBe(200);
    expect((await app.request('/api/catalog', { headers: BEARER })).status).toBe(200);
  });

  it('a logout without a valid cookie ends nobody else’s sign-in', async () => {
    const app = testApp(store);
    const cookie = loginCookie(await logIn(app));
    expect((await logOut(app)).status).toBe(204);
    expect((await logOut(app, `${LOGIN_COOKIE}=0.1.2.${'A'.repeat(43)}`)).status).toBe(204);
    expect((await sessionWith(app, cookie)).status).toBe(200);
  });

  it('stays out after a restart: the epoch is kept in the store', async () => {
    const file = `${dir.path}/restart.db`;
    const first = openSqliteStore(file);
    const before = testApp(first);
    const cookie = loginCookie(await logIn(before));
    const stillIn = loginCookie(await logIn(before));
    expect((await logOut(before, cookie)).status).toBe(204);
    first.close();

    const reopened = openSqliteStore(file);
    try {
      const after = testApp(reopened);
      expect((await sessionWith(after, cookie)).status).toBe(401);
      expect((await sessionWith(after, stillIn)).status).toBe(401);
      expect((await sessionWith(after, loginCookie(await logIn(after)))).status).toBe(200);
    } finally {
      reopened.close();
    }
  });

  it('is seen by another server process on the same store within a second', async () => {
    let now = Date.now();
    const one = testApp(store, { now: () => now });
    const two = testApp(store, { now: () => now });
    const cookie = loginCookie(await logIn(one));
    expect((await sessionWith(two, cookie)).status).toBe(200);
    await logOut(one, cookie);
    now += 1_000;
    expect((await sessionWith(two, cookie)).status).toBe(401);
  });
});

describe('the login cookie’s lifetime', () => {
  const start = Date.UTC(2026, 0, 10, 8);

  it('lasts 12 hours without use, renewed by use past half of that, up to 7 days from signing in', async () => {
    let now = start;
    const app = testApp(store, { now: () => now });
    let cookie = loginCookie(await logIn(app));

    now += 5 * 3_600_000; // before half-life: no renewal
    const early = await sessionWith(app, cookie);
    expect(early.status).toBe(200);
    expect(early.headers.get('set-cookie')).toBeNull();

    now += 2 * 3_600_000; // 7 h: past half-life, so the answer carries a renewed cookie
    const renewed = await app.request('/api/catalog', { headers: { Cookie: cookie } });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('set-cookie')).toMatch(
      new RegExp(`^${LOGIN_COOKIE}=[^;]+; Max-Age=${LOGIN_IDLE_SECONDS}; Path=/; HttpOnly; SameSite=Strict$`),
    );
    const stale = cookie;
    cookie = loginCookie(renewed);

    now += 6 * 3_600_000; // 13 h after signing in: the first cookie has ended, the renewed one lasts
    expect((await sessionWith(app, stale)).status).toBe(401);
    expect((await sessionWith(app, cookie)).status).toBe(200);

    // Used every 5 hours, it is renewed every other time, until 7 days after the sign-in.
    let renewals = 0;
    while (now < start + LOGIN_MAX_SECONDS * 1000 - 5 * 3_600_000) {
      now += 5 * 3_600_000;
      const response = await sessionWith(app, cookie);
      expect(response.status).toBe(200);
      if (response.headers.get('set-cookie')) {
        cookie = loginCookie(response);
        renewals += 1;
      }
    }
    expect(renewals).toBeGreaterThan(10);
    const maxAge = Number(/Max-Age=(\d+)/.exec((await logIn(app)).headers.get('set-cookie') ?? '')?.[1]);
    expect(maxAge).toBe(LOGIN_IDLE_SECONDS);
    now = start + LOGIN_MAX_SECONDS * 1000;
    expect((await sessionWith(app, cookie)).status).toBe(401);
  });

  it('ends after 12 hours without use', async () => {
    let now = start;
    const app = testApp(store, { now: () => now });
    const cookie = loginCookie(await logIn(app));
    now += LOGIN_IDLE_SECONDS * 1000 - 1_000;
    expect((await sessionWith(app, cookie)).status).toBe(200);
    now += 1_000;
    expect((await sessionWith(app, cookie)).status).toBe(401);
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
    const cookie = loginCookie(response);
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

describe('limiting repeated wrong tokens', () => {
  const wrongBearer = (app: App, client: ReturnType<typeof remote>) =>
    app.request('/api/catalog', { headers: { Authorization: 'Bearer nope-nope' } }, client);

  it('answers 429 with Retry-After at once after 5 failures from one address, and still lets the right token in', async () => {
    const app = testApp(store);
    const attacker = remote('203.0.113.7');
    for (let i = 0; i < 5; i++) expect((await wrongBearer(app, attacker)).status).toBe(401);

    const sixth = await wrongBearer(app, attacker);
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('1');
    expect(await errorOf(sixth)).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many wrong tokens from this address. Try again in 1 second.',
    });
    // The admin may share the address with whoever is guessing: the right token is never refused.
    expect((await app.request('/api/catalog', { headers: BEARER }, attacker)).status).toBe(200);
    for (let i = 0; i < 6; i++) await wrongBearer(app, attacker);
    expect((await wrongBearer(app, attacker)).status).toBe(429);

    // Another address is not limited.
    expect(
      (await app.request('/api/catalog', { headers: { Authorization: 'Bearer nope' } }, remote('198.51.100.1'))).status,
    ).toBe(401);
    expect((await app.request('/api/catalog', { headers: BEARER }, remote('198.51.100.1'))).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, TEST_THROTTLE.baseDelayMs + 20));
    expect((await app.request('/api/catalog', { headers: BEARER }, attacker)).status).toBe(200);
    // The right token cleared the record: the next wrong one is a plain 401.
    expect((await wrongBearer(app, attacker)).status).toBe(401);
  });

  it('doubles the wait with each further failure', async () => {
    let now = Date.UTC(2026, 0, 1);
    const app = testApp(store, { now: () => now, throttle: { baseDelayMs: 2_000, maxDelayMs: 8_000 } });
    const client = remote('203.0.113.10');
    for (let i = 0; i < 5; i++) await wrongBearer(app, client);
    const waits: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await wrongBearer(app, client);
      expect(refused.status).toBe(429);
      waits.push(refused.headers.get('retry-after'));
      now += Number(refused.headers.get('retry-after')) * 1000;
      expect((await wrongBearer(app, client)).status).toBe(401);
    }
    expect(waits).toEqual(['2', '4', '8', '8']);
  });

  it('never keeps a right token waiting behind concurrent guesses (the issue’s 27 s case)', async () => {
    const app = testApp(store, { throttle: {} }); // the real limits: 250 ms doubling up to 30 s
    const client = remote('203.0.113.9');
    for (let i = 0; i < 5; i++) expect((await wrongBearer(app, client)).status).toBe(401);
    const started = performance.now();
    const answers = await Promise.all([
      ...Array.from({ length: 7 }, () => wrongBearer(app, client)),
      app.request('/api/catalog', { headers: BEARER }, client),
    ]);
    const elapsed = performance.now() - started;
    // The guesses are refused at once, the right token is let in at once: nothing queues.
    expect(answers.map((response) => response.status)).toEqual([...Array(7).fill(429), 200]);
    expect(elapsed).toBeLessThan(250);
    expect(Number(answers[0]?.headers.get('retry-after'))).toBe(1);
  });

  it('leaves a signed-in browser on the same address alone', async () => {
    const app = testApp(store);
    const client = remote('203.0.113.11');
    const cookie = loginCookie(await logIn(app, TOKEN, client));
    for (let i = 0; i < 8; i++) await wrongBearer(app, client);
    expect((await wrongBearer(app, client)).status).toBe(429);
    expect((await app.request('/api/catalog', { headers: { Cookie: cookie } }, client)).status).toBe(200);
  });

  it('counts login-form and ?token= failures together, and answers both once over budget', async () => {
    const app = testApp(store);
    const client = remote('203.0.113.8');
    const loginWrong = () => logIn(app, 'bad-bad-bad', client);
    for (let i = 0; i < 3; i++) expect((await loginWrong()).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await app.request('/?token=bad', {}, client)).status).toBe(302);
    const refused = await loginWrong();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await errorOf(refused)).message).toMatch(/^Too many wrong tokens from this address/);
    // A wrong ?token= link while over budget goes to the login page with the reason.
    const page = await app.request('/users/x?token=bad-bad-bad', {}, client);
    expect(page.status).toBe(302);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('location')).toBe(`/login?error=too_many_attempts&next=${encodeURIComponent('/users/x')}`);
  });
});
