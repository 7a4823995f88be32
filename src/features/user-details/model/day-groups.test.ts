import { describe, expect, it } from 'vitest';
import { groupByDay } from './day-groups.ts';
import { dayKey, endOfDay, formatDateTime, startOfDay, zonedToUtc } from './wall-clock.ts';

const at = (iso: string) => ({ start: Date.parse(iso) });

describe('dayKey', () => {
  it('takes the calendar day in the given zone', () => {
    const ms = Date.parse('2026-03-01T02:30:00Z');
    expect(dayKey(ms, 'UTC')).toBe('2026-03-01');
    expect(dayKey(ms, 'America/New_York')).toBe('2026-02-28');
    expect(dayKey(ms, 'Asia/Tokyo')).toBe('2026-03-01');
    expect(dayKey(Date.parse('2026-03-01T20:00:00Z'), 'Asia/Kolkata')).toBe('2026-03-02');
  });
});

describe('groupByDay', () => {
  const sessions = [
    at('2026-03-02T01:00:00Z'),
    at('2026-03-01T23:30:00Z'),
    at('2026-03-01T12:00:00Z'),
    at('2026-03-01T03:00:00Z'),
    at('2026-02-28T22:00:00Z'),
  ];

  it('groups newest-first sessions by their UTC day', () => {
    const { groups, groupOf } = groupByDay(sessions, 'UTC');
    expect(groups).toEqual([
      { key: '2026-03-02', first: 0, count: 1 },
      { key: '2026-03-01', first: 1, count: 3 },
      { key: '2026-02-28', first: 4, count: 1 },
    ]);
    expect([...groupOf]).toEqual([0, 1, 1, 1, 2]);
  });

  it('moves sessions across midnight when the zone is behind UTC', () => {
    const { groups } = groupByDay(sessions, 'America/New_York');
    expect(groups.map(({ key, count }) => [key, count])).toEqual([
      ['2026-03-01', 3],
      ['2026-02-28', 2],
    ]);
  });

  it('moves sessions across midnight when the zone is ahead of UTC', () => {
    const { groups } = groupByDay(sessions, 'Asia/Tokyo');
    expect(groups.map(({ key, count }) => [key, count])).toEqual([
      ['2026-03-02', 2],
      ['2026-03-01', 3],
    ]);
  });

  it('keeps half-hour zones and a DST change day in one group each', () => {
    const kolkata = groupByDay([at('2026-03-01T18:29:59Z'), at('2026-03-01T18:30:00Z')].reverse(), 'Asia/Kolkata');
    expect(kolkata.groups.map((group) => group.key)).toEqual(['2026-03-02', '2026-03-01']);
    // 8 March 2026: New York springs forward; the day has 23 hours and stays one group.
    const dst = groupByDay([at('2026-03-09T03:59:00Z'), at('2026-03-08T05:00:00Z')], 'America/New_York');
    expect(dst.groups).toEqual([{ key: '2026-03-08', first: 0, count: 2 }]);
  });

  it('handles no sessions and unparseable times', () => {
    expect(groupByDay([], 'UTC').groups).toEqual([]);
    expect(groupByDay([{ start: Number.NaN }], 'UTC').groups).toEqual([{ key: 'unknown', first: 0, count: 1 }]);
  });
});

describe('day boundaries for the date filter', () => {
  it('is midnight of the zone, including across DST changes', () => {
    expect(startOfDay('2026-03-08', 'UTC')).toBe(Date.parse('2026-03-08T00:00:00Z'));
    expect(startOfDay('2026-03-08', 'America/New_York')).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(endOfDay('2026-03-08', 'America/New_York')).toBe(Date.parse('2026-03-09T04:00:00Z'));
    expect(endOfDay('2026-12-31', 'UTC')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(zonedToUtc(2026, 3, 1, 'Asia/Kolkata')).toBe(Date.parse('2026-02-28T18:30:00Z'));
  });

  it('rejects values that are not real dates', () => {
    expect(startOfDay('2026-02-30', 'UTC')).toBeUndefined();
    expect(startOfDay('', 'UTC')).toBeUndefined();
    expect(startOfDay('yesterday', 'UTC')).toBeUndefined();
  });

  it('formats instants on the zone clock', () => {
    const ms = Date.parse('2026-07-01T23:59:59.900Z');
    expect(formatDateTime(ms, 'UTC')).toBe('2026-07-01 23:59:59');
    expect(formatDateTime(ms, 'Europe/Berlin')).toBe('2026-07-02 01:59:59');
  });
});
