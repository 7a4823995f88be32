import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks.ts';

describe('timeTicks', () => {
  it('puts ticks on round hours in the zone', () => {
    const from = Date.parse('2026-03-01T10:20:00Z');
    const ticks = timeTicks(from, from + 24 * 3600_000, 'UTC', 8);
    expect(ticks[0]).toEqual({ at: Date.parse('2026-03-01T12:00:00Z'), label: '12:00' });
    expect(ticks.map((t) => t.label)).toContain('2 Mar');
    expect(ticks.length).toBeLessThanOrEqual(8);
  });

  it('follows the zone for half-hour offsets', () => {
    const from = Date.parse('2026-03-01T00:00:00Z');
    const ticks = timeTicks(from, from + 12 * 3600_000, 'Asia/Kolkata', 6);
    expect(ticks[0]?.label).toBe('06:00');
    expect(ticks[0]?.at).toBe(Date.parse('2026-03-01T00:30:00Z'));
  });

  it('uses days, then months for longer spans', () => {
    const from = Date.parse('2026-03-01T05:00:00Z');
    const week = timeTicks(from, from + 7 * 86_400_000, 'UTC', 8);
    expect(week[0]).toEqual({ at: Date.parse('2026-03-02T00:00:00Z'), label: '2 Mar' });
    const years = timeTicks(from, from + 3 * 365 * 86_400_000, 'UTC', 8);
    expect(years.every((t) => new Date(t.at).getUTCDate() === 1)).toBe(true);
    expect(years.length).toBeGreaterThan(2);
  });

  it('gives nothing for an empty span', () => {
    expect(timeTicks(5, 5, 'UTC', 5)).toEqual([]);
  });
});
