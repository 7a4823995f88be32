import { describe, expect, it } from 'vitest';

import { createRandom } from './prng.ts';

describe('createRandom', () => {
  it('gives the same sequence for a seed, on every machine', () => {
    const random = createRandom(42);
    expect([random.uint32(), random.uint32(), random.uint32(), random.uint32()]).toEqual([
      1028872839, 2516511472, 400437680, 853279530,
    ]);
    expect(createRandom(0).uint32()).toBe(4205396811);
  });

  it('stays inside its ranges', () => {
    const random = createRandom(7);
    const floats = Array.from({ length: 10_000 }, () => random.next());
    expect(floats.every((float) => float >= 0 && float < 1)).toBe(true);
    const ints = new Set(Array.from({ length: 10_000 }, () => random.int(-3, 3)));
    expect([...ints].sort()).toEqual([-1, -2, -3, 0, 1, 2, 3]);
    expect(random.hex(13)).toMatch(/^[0-9a-f]{13}$/);
    expect(random.weighted([['only', 1]])).toBe('only');
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it('picks by weight', () => {
    const random = createRandom(1);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        random.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy += 1;
    expect(heavy).toBeGreaterThan(8_700);
    expect(heavy).toBeLessThan(9_300);
  });
});
