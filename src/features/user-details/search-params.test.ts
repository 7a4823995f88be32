import { describe, expect, it } from 'vitest';
import { parseUserDetailsSearch, serializeUserDetailsSearch, userDetailsParamsFromUrl } from './search-params.ts';

describe('user page search params', () => {
  it('reads valid values and drops defaults when writing', () => {
    const search = parseUserDetailsSearch(new URLSearchParams('env=staging&status=active&from=2026-01-02&range=7d'));
    expect(search).toEqual({ env: 'staging', status: 'active', from: '2026-01-02', range: '7d' });
    expect(serializeUserDetailsSearch(search)).toBe('?env=staging&status=active&from=2026-01-02&range=7d');
    expect(serializeUserDetailsSearch({ status: 'all', range: 'all' })).toBe('');
  });

  it('reads unknown values as the defaults', () => {
    expect(parseUserDetailsSearch(new URLSearchParams('status=maybe&from=2026-02-30&to=x&range=1y'))).toEqual({
      status: 'all',
      range: 'all',
    });
  });
});

describe('userDetailsParamsFromUrl', () => {
  const base = '/products/my-product/sessions/user-session/users/';
  it.each([
    'a+b/c@example.com',
    '用户@例子.测试',
    `o'brien "the admin"@example.com`,
    '<b>x</b>',
    '100%real',
    'a%2Fb',
    'what?#x',
  ])('round-trips %j', (identifier) => {
    expect(userDetailsParamsFromUrl(base + encodeURIComponent(identifier), '?env=production')).toEqual({
      product: 'my-product',
      session: 'user-session',
      identifier,
      env: 'production',
    });
  });

  it('rejects other paths and broken encoding', () => {
    expect(userDetailsParamsFromUrl('/products/p/sessions/s/users', '')).toBeUndefined();
    expect(userDetailsParamsFromUrl(`${base}%E0%A4%A`, '')).toBeUndefined();
    expect(userDetailsParamsFromUrl(`${base}a/b`, '')).toBeUndefined();
  });
});
