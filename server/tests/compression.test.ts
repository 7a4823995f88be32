import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAVY_USER, HEAVY_USER_SESSIONS } from '../demo/showcase.ts';
import { compressAnswers } from '../compress-answers.ts';
import { acceptedEncodings } from '../content-encoding.ts';
import { precompressDir } from '../precompress.ts';
import { BEARER, demoStore, SECURITY_HEADER_NAMES, tempDir, testApp, USERS_PATH } from './helpers.ts';

/** What the client gets back after undoing the Content-Encoding the server declared. */
function decoded(response: Response, bytes: Buffer): Buffer {
  const encoding = response.headers.get('content-encoding');
  if (encoding === 'br') return brotliDecompressSync(bytes);
  if (encoding === 'gzip') return gunzipSync(bytes);
  expect(encoding).toBeNull();
  return bytes;
}

async function fetchBytes(app: ReturnType<typeof testApp>, path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { response, bytes, body: decoded(response, bytes) };
}

describe('Accept-Encoding', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip', ['gzip']],
    ['x-gzip', ['gzip']],
    ['br;q=0, gzip', ['gzip']],
    ['gzip;q=1.0, br;q=0.5', ['gzip', 'br']],
    ['*', ['br', 'gzip']],
    ['*;q=0.1, gzip', ['gzip', 'br']],
    ['br;q=0, *', ['gzip']],
    ['GZIP;Q=0.8', ['gzip']],
    ['gzip;q=2, br;q=bad', []],
  ])('%j accepts %j, best first', (header, expected) => {
    expect(acceptedEncodings(header)).toEqual(expected);
  });
});

describe('the built app, precompressed', () => {
  const root = tempDir('compression-static');
  const dist = join(root.path, 'dist');
  const indexHtml = `<!doctype html><html lang="en"><head><title>Session users</title><script type="module" src="/assets/app-1a2b3c.js"></script><link rel="stylesheet" href="/assets/app-1a2b3c.css"></head><body><div id="root"></div>${'<!-- padding so compression pays -->'.repeat(20)}</body></html>`;
  const js = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `{id:${i},name:"user ${i}"}`).join(',')}];`;
  const css = `${Array.from({ length: 300 }, (_, i) => `.c${i}{margin:${i}px;padding:${i % 7}px}`).join('')}`;
  const tinySvg = '<svg/>';
  const store = demoStore(30);
  const app = testApp(store, { staticDir: dist });

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), indexHtml);
    writeFileSync(join(dist, 'assets', 'app-1a2b3c.js'), js);
    writeFileSync(join(dist, 'assets', 'app-1a2b3c.css'), css);
    writeFileSync(join(dist, 'tiny.svg'), tinySvg);
    writeFileSync(join(dist, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    // The same step the Vite plugin runs after the build (vite.config.ts).
    await precompressDir(dist);
  });
  afterAll(() => {
    store.close();
    root.remove();
  });

  it('writes a brotli and a gzip copy only where it is smaller', () => {
    expect(brotliDecompressSync(readFileSync(join(dist, 'assets', 'app-1a2b3c.js.br'))).toString()).toBe(js);
    expect(gunzipSync(readFileSync(join(dist, 'assets', 'app-1a2b3c.js.gz'))).toString()).toBe(js);
    expect(gunzipSync(readFileSync(join(dist, 'index.html.gz'))).toString()).toBe(indexHtml);
    expect(() => readFileSync(join(dist, 'tiny.svg.gz'))).toThrow();
    expect(() => readFileSync(join(dist, 'logo.png.br'))).toThrow();
  });

  it.each([
    ['/assets/app-1a2b3c.js', js],
    ['/assets/app-1a2b3c.css', css],
    ['/', indexHtml],
    ['/products/my-product/sessions/user-session/users?env=staging', indexHtml],
  ])('serves %s by Accept-Encoding, with Vary and the length of the bytes sent', async (path, original) => {
    const sizes: Record<string, number> = {};
    for (const [accept, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', null],
      ['', null],
    ] as const) {
      const { response, bytes, body } = await fetchBytes(app, path, accept ? { 'Accept-Encoding': accept } : {});
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding'), accept).toBe(expected);
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
      expect(body.toString()).toBe(original);
      sizes[expected ?? 'identity'] = bytes.length;
    }
    expect(sizes.br).toBeLessThan(sizes.gzip ?? 0);
    expect(sizes.gzip).toBeLessThan(sizes.identity ?? 0);
  });

  it('keeps the content type, caching and security headers on compressed pages', async () => {
    const { response } = await fetchBytes(app, '/users/x', { 'Accept-Encoding': 'br' });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    for (const name of SECURITY_HEADER_NAMES) expect(response.headers.get(name), name).toBeTruthy();
    const js = await app.request('/assets/app-1a2b3c.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('sends a file without a smaller copy as it is, and files that are compressed already without Vary', async () => {
    const svg = await fetchBytes(app, '/tiny.svg', { 'Accept-Encoding': 'br, gzip' });
    expect(svg.response.headers.get('content-encoding')).toBeNull();
    expect(svg.body.toString()).toBe(tinySvg);
    const png = await fetchBytes(app, '/logo.png', { 'Accept-Encoding': 'br, gzip' });
    expect(png.response.headers.get('content-encoding')).toBeNull();
    expect(png.response.headers.get('vary')).toBeNull();
    expect(png.response.headers.get('content-length')).toBe('7');
  });

  it('answers HEAD with the headers GET would send and no body', async () => {
    const get = await fetchBytes(app, '/assets/app-1a2b3c.js', { 'Accept-Encoding': 'br' });
    const head = await app.request('/assets/app-1a2b3c.js', { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(head.headers.get('content-length')).toBe(String(get.bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('revalidates index.html with its ETag: 304 without a body when unchanged', async () => {
    const first = await app.request('/', { headers: { 'Accept-Encoding': 'br' } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await app.request('/login', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('vary')).toBe('Accept-Encoding');
    expect(await again.text()).toBe('');
  });
});

describe('API answers, compressed on the fly', () => {
  const store = demoStore(300);
  const app = testApp(store);
  afterAll(() => store.close());
  const api = (path: string, accept?: string) =>
    fetchBytes(app, path, { ...BEARER, ...(accept === undefined ? {} : { 'Accept-Encoding': accept }) });

  it.each([
    `${USERS_PATH}?limit=100`,
    `${USERS_PATH}?limit=20&env=production`,
    `${USERS_PATH}/user%40example.com`,
    '/api/openapi.json',
  ])('%s: brotli or gzip by Accept-Encoding, decoding to the same bytes', async (path) => {
    const plain = await api(path);
    expect(plain.response.headers.get('content-encoding')).toBeNull();
    expect(plain.response.headers.get('vary')).toBe('Accept-Encoding');
    expect(plain.response.headers.get('content-length')).toBe(String(plain.bytes.length));
    expect(plain.bytes.length).toBeGreaterThan(1024);
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const { response, bytes, body } = await api(path, accept);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe(expected);
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
      expect(bytes.length).toBeLessThan(plain.bytes.length / 2);
      expect(body.equals(plain.bytes)).toBe(true);
    }
  });

  it('sends the 10,000-session history in a fraction of its size, the same once decoded', async () => {
    const path = `${USERS_PATH}/${encodeURIComponent(HEAVY_USER)}`;
    const plain = await api(path);
    expect(JSON.parse(plain.bytes.toString()).sessions).toHaveLength(HEAVY_USER_SESSIONS);
    const br = await api(path, 'br');
    expect(br.response.headers.get('content-encoding')).toBe('br');
    expect(br.body.equals(plain.bytes)).toBe(true);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 4);
    expect(br.response.headers.get('content-length')).toBe(String(br.bytes.length));
  });

  it('remakes the kept copy of a long history at a better quality in the background: smaller, the same once decoded', async () => {
    // The real 10,000-session answer through the compression middleware alone, remade at brotli 5
    // (the server uses 11: seconds of CPU, measured by npm run bench:compression instead).
    const heavy = (await api(`${USERS_PATH}/${encodeURIComponent(HEAVY_USER)}`)).bytes;
    const remaking = new Hono();
    remaking.use('*', compressAnswers({ bestQuality: 5 }));
    remaking.get(
      '/heavy',
      () => new Response(heavy, { headers: { 'Content-Type': 'application/json', ETag: 'W/"h"' } }),
    );
    const ask = async () => {
      const response = await remaking.request('/heavy', { headers: { 'Accept-Encoding': 'br' } });
      const bytes = Buffer.from(await response.arrayBuffer());
      return { response, bytes, body: decoded(response, bytes) };
    };
    const first = await ask();
    expect(first.body.equals(heavy)).toBe(true);
    let later = first;
    for (let waited = 0; waited < 60_000 && later.bytes.length >= first.bytes.length; waited += 100) {
      await new Promise((done) => setTimeout(done, 100));
      later = await ask();
    }
    expect(later.bytes.length).toBeLessThan(first.bytes.length);
    expect(later.response.headers.get('content-length')).toBe(String(later.bytes.length));
    expect(later.body.equals(heavy)).toBe(true);
    // Kept: every later answer is that copy.
    expect((await ask()).bytes.equals(later.bytes)).toBe(true);
  }, 90_000);

  it('leaves answers under about 1 kB as they are, without Vary', async () => {
    for (const path of ['/api/health', '/api/session']) {
      const { response, bytes } = await api(path, 'br, gzip');
      expect(response.status).toBe(200);
      expect(bytes.length).toBeLessThan(1024);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(response.headers.get('vary')).toBeNull();
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
    }
  });

  it('answers HEAD with the compressed length and no body', async () => {
    const get = await api(`${USERS_PATH}?limit=100`, 'br');
    const head = await app.request(`${USERS_PATH}?limit=100`, {
      method: 'HEAD',
      headers: { ...BEARER, 'Accept-Encoding': 'br' },
    });
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(head.headers.get('content-length')).toBe(String(get.bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});
