import { describe, expect, it } from 'vitest';

import { VersionedCache } from './versioned-cache.ts';

describe('VersionedCache', () => {
  it('answers from memory while the version holds, and forgets everything when it changes', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('v1', 'a', 'A');
    expect(cache.get('v1', 'a')).toBe('A');
    expect(cache.get('v2', 'a')).toBeUndefined();
    cache.set('v2', 'b', 'B');
    expect(cache.get('v2', 'b')).toBe('B');
  });

  it('drops the least recently used entry beyond its capacity', () => {
    const cache = new VersionedCache<number>(2);
    cache.set('v', 'a', 1);
    cache.set('v', 'b', 2);
    expect(cache.get('v', 'a')).toBe(1); // a is now the most recently used
    cache.set('v', 'c', 3);
    expect(cache.get('v', 'b')).toBeUndefined();
    expect(cache.get('v', 'a')).toBe(1);
    expect(cache.get('v', 'c')).toBe(3);
  });
});
