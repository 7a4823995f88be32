import { afterAll, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE } from '../auth.ts';
import { demoStore, errorOf, testApp, TOKEN } from './helpers.ts';

/**
 * Routes that change state refuse cross-site requests (CSRF), whatever credentials ride along:
 * a page on another site must not log the admin out, log them in, or send data in.
 */
const store = demoStore(20);
afterAll(() => store.close());

const app = testApp(store);
const JSON_TYPE = { 'Content-Type': 'application/json' };

async function signedIn(): Promise<string> {
  const response = await app.request('/api/login', {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ token: TOKEN }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const stillSignedIn = async (cookie: string) =>
  (await app.request('/api/session', { headers: { Cookie: cookie } })).status === 200;

describe('cross-site requests that would change state', () => {
  it('a cross-site text/plain form cannot log the admin out', async () => {
    const cookie = await signedIn();
    // What a browser sends for <form method=post enctype=text/plain action=http://127.0.0.1:8787/api/logout>.
    const response = await app.request('http://127.0.0.1:8787/api/logout', {
      method: 'POST',
      headers: {
        Cookie: cookie,
        'Content-Type': 'text/plain',
        Origin: 'https://evil.example',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: 'x=y',
    });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({
      code: 'FORBIDDEN',
      message:
        'Cross-site requests may not change anything here: send it from the dashboard itself, or from a script (which sends no Origin header).',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await stillSignedIn(cookie)).toBe(true);
  });

  it.each([
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
    ['an Origin of another site (a browser without Sec-Fetch-Site)', { Origin: 'https://evil.example' }],
    ['an Origin on another port', { Origin: 'http://localhost:9999' }],
    ['an Origin of another host name for the same address', { Origin: 'http://127.0.0.1' }],
    ['Origin null (a sandboxed frame)', { Origin: 'null' }],
    ['a same-origin claim with a foreign Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }],
  ])('refuses %s with 403, even a right JSON login', async (_label, headers) => {
    const response = await app.request('http://localhost/api/login', {
      method: 'POST',
      headers: { ...JSON_TYPE, ...headers },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('FORBIDDEN');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it.each(['PUT', 'PATCH', 'DELETE', 'POST'])(
    'refuses cross-site %s on any /api route, ingest included',
    async (method) => {
      for (const path of ['/api/ingest/sessions', '/api/catalog', '/api/logout']) {
        const response = await app.request(path, {
          method,
          headers: { ...JSON_TYPE, Origin: 'https://evil.example', Authorization: `Bearer ${TOKEN}` },
          body: '{}',
        });
        expect(response.status, `${method} ${path}`).toBe(403);
      }
    },
  );

  it('lets reads through from anywhere (links from other sites keep working)', async () => {
    const response = await app.request('/api/session', {
      headers: { Authorization: `Bearer ${TOKEN}`, 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
    });
    expect(response.status).toBe(200);
  });
});

describe('requests that may change state', () => {
  it('the dashboard itself: same-origin fetch with JSON', async () => {
    const cookie = await signedIn();
    const response = await app.request('http://127.0.0.1:8787/api/logout', {
      method: 'POST',
      headers: { ...JSON_TYPE, Cookie: cookie, Origin: 'http://127.0.0.1:8787', 'Sec-Fetch-Site': 'same-origin' },
      body: '{}',
    });
    expect(response.status).toBe(204);
    expect(await stillSignedIn(cookie)).toBe(false);
  });

  it('scripts (curl, server-to-server), which send no Origin or Sec-Fetch-Site', async () => {
    expect((await app.request('/api/logout', { method: 'POST' })).status).toBe(204);
    const login = await app.request('/api/login', { method: 'POST', headers: JSON_TYPE, body: `{"token":"${TOKEN}"}` });
    expect(login.status).toBe(204);
    expect(login.headers.get('set-cookie')).toMatch(new RegExp(`^${LOGIN_COOKIE}=`));
  });

  it('a typed address (Sec-Fetch-Site none), a default port written out, or a proxy that forwards the host', async () => {
    const cases: [string, Record<string, string>][] = [
      ['http://localhost/api/logout', { 'Sec-Fetch-Site': 'none' }],
      ['http://localhost/api/logout', { Origin: 'http://localhost:80' }],
      [
        'http://127.0.0.1:8787/api/logout',
        { Origin: 'https://dashboard.example', 'X-Forwarded-Host': 'dashboard.example' },
      ],
    ];
    for (const [url, headers] of cases) {
      const response = await app.request(url, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: '{}' });
      expect(response.status, JSON.stringify(headers)).toBe(204);
    }
  });

  it('but a form body is refused even from the same origin: JSON only', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await app.request('/api/logout', {
        method: 'POST',
        headers: { 'Content-Type': type, 'Sec-Fetch-Site': 'same-origin' },
        body: 'a=b',
      });
      expect(response.status, type).toBe(400);
      expect(await errorOf(response)).toEqual({
        code: 'INVALID_PARAMS',
        message: 'Send the body as JSON (Content-Type: application/json).',
      });
    }
    const charset = await app.request('/api/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: '{}',
    });
    expect(charset.status).toBe(204);
  });
});
