import { describe, expect, it } from 'vitest';
import { describeDuration, formatDuration, formatEndsIn } from './duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [1000, '1s'],
    [59 * s + 999, '59s'],
    [m, '1m'],
    [12 * m + 5 * s, '12m 5s'],
    [h, '1h'],
    [2 * h + 5 * m + 12 * s, '2h 5m 12s'],
    [2 * h + 12 * s, '2h 0m 12s'],
    [d + 5 * m, '1d 0h 5m'],
    [3 * d + 4 * h + 30 * m + 59 * s, '3d 4h 30m'],
    [400 * d, '400d'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('never rounds up, so a session is never shown longer than it was', () => {
    expect(formatDuration(h - 1)).toBe('59m 59s');
  });

  it('limits the units when asked', () => {
    expect(formatDuration(2 * h + 5 * m + 12 * s, 2)).toBe('2h 5m');
    expect(formatDuration(2 * h + 5 * m + 12 * s, 1)).toBe('2h');
  });

  it('shows negative and invalid lengths as zero', () => {
    expect(formatDuration(-5 * m)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('0s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('0s');
  });
});

describe('describeDuration', () => {
  it('spells the units out and skips zero units', () => {
    expect(describeDuration(2 * h + 12 * s)).toBe('2 hours 12 seconds');
    expect(describeDuration(d + m)).toBe('1 day 1 minute');
    expect(describeDuration(0)).toBe('0 seconds');
  });
});

describe('formatEndsIn', () => {
  it('counts down to the end', () => {
    expect(formatEndsIn(10 * h, 7 * h - 30 * m)).toBe('ends in 3h 30m');
    expect(formatEndsIn(1000, 0)).toBe('ends in 1s');
    expect(formatEndsIn(1000, 500)).toBe('ending now');
  });
});
