import { describe, expect, it } from 'vitest';
import { apiPaths, matchRoute, routes } from './routes.ts';

const hard = [
  'a+b/c@example.com',
  '用户@例子.测试',
  `o'brien "the admin"@example.com`,
  '<b>x</b>',
  '100%real',
  'a%2Fb',
  'a%252Fb',
  'what?#frag&x=1',
  ' spaced ',
];

describe('the route table', () => {
  it.each(hard)('round-trips the identifier %j through the user page address', (identifier) => {
    const href = routes.userDetails.href({ product: 'my product', session: 's/1', identifier, env: 'production' });
    const url = new URL(href, 'http://localhost');
    expect(url.search).toBe('?env=production');
    expect(matchRoute(routes.userDetails.pattern, url.pathname)).toEqual({
      product: 'my product',
      session: 's/1',
      identifier,
    });
  });

  it('reads the raw address once: a literal "%2F" stays "%2F", an encoded "/" is "/"', () => {
    const base = '/products/p/sessions/s/users/';
    expect(matchRoute(routes.userDetails.pattern, `${base}a%252Fb`)?.identifier).toBe('a%2Fb');
    expect(matchRoute(routes.userDetails.pattern, `${base}a%2Fb`)?.identifier).toBe('a/b');
    expect(matchRoute(routes.userDetails.pattern, `${base}a%2fb`)?.identifier).toBe('a/b');
  });

  it('rejects other paths and broken encoding', () => {
    expect(matchRoute(routes.userDetails.pattern, '/products/p/sessions/s/users')).toBeUndefined();
    expect(matchRoute(routes.userDetails.pattern, '/products/p/sessions/s/users/a/b')).toBeUndefined();
    expect(matchRoute(routes.userDetails.pattern, '/products/p/sessions/s/users/%E0%A4%A')).toBeUndefined();
  });

  it('builds the list, lookup and login addresses', () => {
    expect(routes.users.href({ product: 'my-product', session: 'user-session' }, '?env=staging')).toBe(
      '/products/my-product/sessions/user-session/users?env=staging',
    );
    expect(matchRoute(routes.users.pattern, '/products/my%2Dproduct/sessions/user-session/users')).toEqual({
      product: 'my-product',
      session: 'user-session',
    });
    expect(routes.userById.href('id/1')).toBe('/users/id%2F1');
    expect(routes.login.href({ next: '/products/p?env=a&page=2', reason: 'expired' })).toBe(
      '/login?next=%2Fproducts%2Fp%3Fenv%3Da%26page%3D2&reason=expired',
    );
    expect(routes.login.href()).toBe('/login');
  });

  it('builds API paths with every segment encoded', () => {
    expect(apiPaths.users({ product: 'p', session: 's', page: 2, limit: 20 })).toBe(
      '/api/products/p/sessions/s/users?page=2&limit=20',
    );
    expect(apiPaths.userDetails({ product: 'p', session: 's', identifier: 'a+b/c' })).toBe(
      '/api/products/p/sessions/s/users/a%2Bb%2Fc',
    );
    expect(apiPaths.userById('x y')).toBe('/api/users/x%20y');
  });
});
