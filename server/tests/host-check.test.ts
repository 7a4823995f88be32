import { afterAll, describe, expect, it } from 'vitest';
import { hostAllowList, isLoopback } from '../host-check.ts';
import { BEARER, demoStore, errorOf, SECURITY_HEADER_NAMES, testApp } from './helpers.ts';

/**
 * Bound to loopback, the server answers only loopback Host names: a page on another site whose
 * name is made to resolve to 127.0.0.1 (DNS rebinding) gets 403, not the data. ALLOWED_HOSTS adds names.
 */
const store = demoStore(20);
afterAll(() => store.close());

describe('a server bound to loopback', () => {
  const app = testApp(store, { allowedHosts: hostAllowList('127.0.0.1') });

  it.each([
    'http://localhost/api/catalog',
    'http://127.0.0.1:8787/api/catalog',
    'http://LOCALHOST:1/api/catalog',
    'http://[::1]:8787/api/catalog',
  ])('answers %s', async (url) => {
    expect((await app.request(url, { headers: BEARER })).status).toBe(200);
  });

  it.each([
    'http://evil.example/api/catalog',
    'http://evil.example:8787/api/health',
    'http://localhost.evil.example/api/catalog',
    'http://127.0.0.2/',
    'http://10.0.0.5:8787/?token=x',
  ])('refuses %s with 403 and the JSON error shape, token or not', async (url) => {
    const response = await app.request(url, { headers: BEARER });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({
      code: 'FORBIDDEN',
      message:
        'This server answers only to localhost, 127.0.0.1, [::1] (any port). To reach it by another name, add the name to ALLOWED_HOSTS.',
    });
    for (const name of SECURITY_HEADER_NAMES) expect(response.headers.get(name), name).toBeTruthy();
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers the names in ALLOWED_HOSTS too', async () => {
    const named = testApp(store, { allowedHosts: hostAllowList('127.0.0.1', ['dashboard.example', '[fd00::1]']) });
    for (const url of [
      'http://dashboard.example/api/catalog',
      'http://[fd00::1]:8787/api/catalog',
      'http://localhost/api/catalog',
    ]) {
      expect((await named.request(url, { headers: BEARER })).status, url).toBe(200);
    }
    expect((await named.request('http://other.example/api/catalog', { headers: BEARER })).status).toBe(403);
  });
});

describe('hostAllowList', () => {
  it('lists the loopback names, the bound address and ALLOWED_HOSTS when bound to loopback', () => {
    expect(hostAllowList('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(hostAllowList('localhost')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(hostAllowList('::1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(hostAllowList('127.0.0.5', ['a.example'])).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      '127.0.0.5',
      'a.example',
    ]);
  });

  it('checks nothing when bound to another address, unless ALLOWED_HOSTS is set', () => {
    expect(hostAllowList('0.0.0.0')).toBeUndefined();
    expect(hostAllowList('192.168.1.10')).toBeUndefined();
    expect(hostAllowList('0.0.0.0', ['dashboard.example'])).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'dashboard.example',
    ]);
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost', '::ffff:127.0.0.1']) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'localhost.example', '128.0.0.1']) {
      expect(isLoopback(host), host).toBe(false);
    }
  });
});
