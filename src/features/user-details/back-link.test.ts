import { describe, expect, it } from 'vitest';
import { backToListHref } from './back-link.ts';

describe('backToListHref', () => {
  it('returns to the exact list address the person came from', () => {
    const from = '/products/my-product/sessions/user-session/users?env=staging&page=3';
    expect(backToListHref({ from }, 'my-product', 'user-session', 'production')).toBe(from);
  });

  it('falls back to the list filtered to the user environment', () => {
    expect(backToListHref(null, 'my product', 'user-session', 'production')).toBe(
      '/products/my%20product/sessions/user-session/users?env=production',
    );
    expect(backToListHref({ from: 3 }, 'p', 's')).toBe('/products/p/sessions/s/users');
  });

  it('never leaves the app', () => {
    for (const from of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(backToListHref({ from }, 'p', 's', 'staging')).toBe('/products/p/sessions/s/users?env=staging');
    }
  });
});
