import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './safe-path.ts';

describe('safeLocalPath', () => {
  it('keeps paths inside the app, with their search and hash', () => {
    for (const path of ['/', '/products/my-product/sessions/user-session/users?env=staging&page=3', '/users/a%2Fb#x']) {
      expect(safeLocalPath(path)).toBe(path);
    }
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000/x',
    '/\u007f/x',
    '/ /evil.example',
  ])('refuses %j', (value) => {
    expect(safeLocalPath(value)).toBeUndefined();
  });

  it('refuses anything that is not text', () => {
    for (const value of [undefined, null, 3, { from: '/' }]) expect(safeLocalPath(value)).toBeUndefined();
  });
});
