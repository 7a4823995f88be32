import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeFilePath } from '../static.ts';
import { BEARER, demoStore, SECURITY_HEADER_NAMES, tempDir, testApp } from './helpers.ts';

const SECRET = 'SECRET-OUTSIDE-DIST';
const INDEX = '<!doctype html><title>Session users</title><script type="module" src="/assets/app-4f3a2b.js"></script>';

const root = tempDir('static');
const dist = join(root.path, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), INDEX);
writeFileSync(join(dist, 'assets', 'app-4f3a2b.js'), 'console.log("app");');
writeFileSync(join(dist, 'assets', 'app-9c8d7e.css'), 'body{}');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(join(dist, '.env'), SECRET);
writeFileSync(join(root.path, 'secret.txt'), SECRET);
writeFileSync(join(root.path, 'dist-secret.txt'), SECRET);
symlinkSync(join(root.path, 'secret.txt'), join(dist, 'assets', 'link.txt'));

const store = demoStore(30);
const app = testApp(store, { staticDir: dist });
afterAll(() => {
  store.close();
  root.remove();
});

describe('serving the built app', () => {
  it('serves hashed assets with their type and a long immutable cache', async () => {
    const js = await app.request('/assets/app-4f3a2b.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("app");');
    const css = await app.request('/assets/app-9c8d7e.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves other files with revalidation', async () => {
    const svg = await app.request('/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    '/',
    '/index.html',
    '/login',
    '/login?next=%2F',
    '/products/my-product/sessions/user-session/users?env=staging',
    '/users/a%2Bb%2Fc',
    '/users/..%2F..%2Fsecret.txt',
  ])('answers %s with index.html (no-cache) for the single-page app', async (path) => {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX);
  });

  it('answers HEAD with headers and no body', async () => {
    const response = await app.request('/assets/app-4f3a2b.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it('answers a missing hashed asset with 404, not HTML', async () => {
    const response = await app.request('/assets/app-000000.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('carries the security headers on files, pages and 404s', async () => {
    for (const path of ['/', '/assets/app-4f3a2b.js', '/assets/missing.js']) {
      const response = await app.request(path);
      for (const name of SECURITY_HEADER_NAMES) expect(response.headers.get(name), `${path} ${name}`).toBeTruthy();
    }
  });

  it('does not serve pages for POST', async () => {
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/..%5C..%5Csecret.txt',
    '/%2e%2e%5csecret.txt',
    '/assets/%00../../secret.txt',
    '/assets/app-4f3a2b.js%00.txt',
    '/%00',
    '/..%00/secret.txt',
    '/.env',
    '/%2eenv',
    '/assets/link.txt',
    '/%252e%252e/secret.txt',
    '/..%252fsecret.txt',
    '/assets/%c0%ae%c0%ae/secret.txt',
    '/..;/secret.txt',
    `/${'..%2f'.repeat(20)}etc%2fpasswd`,
    '/dist/../dist-secret.txt',
    '/../dist-secret.txt',
  ];

  it.each(attempts)('%s never reads outside dist', async (path) => {
    const response = await app.request(path);
    expect(response.status).not.toBe(500);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('root:');
  });

  it('refuses every unsafe path before touching the file system', () => {
    for (const raw of ['/..%2fsecret.txt', '/%2e%2e', '/a%5cb', '/a%00b', '/.env', '/assets/%2e', '/%E0%A4%A', '/']) {
      expect(safeFilePath(dist, raw), raw).toBeUndefined();
    }
    expect(safeFilePath(dist, '/assets/app-4f3a2b.js')).toBe(join(dist, 'assets', 'app-4f3a2b.js'));
  });
});

describe('without a build', () => {
  const bare = testApp(store, { staticDir: join(root.path, 'no-dist') });

  it('says to run the build for pages, and still serves the API', async () => {
    const page = await bare.request('/products/x');
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/npm run build/);
    expect(page.headers.get('content-security-policy')).toBeTruthy();
    expect((await bare.request('/api/catalog', { headers: BEARER })).status).toBe(200);
  });
});
