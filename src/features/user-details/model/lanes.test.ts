import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignLanes, countLanes } from './lanes.ts';
import type { Interval } from './lanes.ts';

/** The most intervals open at one moment (touching ends do not overlap). */
function maxOverlap(intervals: readonly Interval[]): number {
  const events = intervals.flatMap(({ start, end }) => [
    [start, 1],
    [Math.max(end, start), -1],
  ]);
  events.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
  let open = 0;
  let most = 0;
  for (const [, delta] of events) {
    open += delta ?? 0;
    most = Math.max(most, open);
  }
  return most;
}

describe('assignLanes', () => {
  it('puts sessions that do not overlap in one lane', () => {
    const { lane, laneCount } = assignLanes([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 25, end: 30 },
    ]);
    expect(laneCount).toBe(1);
    expect([...lane]).toEqual([0, 0, 0]);
  });

  it('gives concurrent sessions their own lanes, in input order', () => {
    const { lane, laneCount } = assignLanes([
      { start: 5, end: 15 },
      { start: 0, end: 10 },
      { start: 12, end: 20 },
      { start: 6, end: 7 },
    ]);
    expect(laneCount).toBe(3);
    // At 12, lane 2 (free since 7) is reused before lane 0 (free since 10).
    expect([...lane]).toEqual([1, 0, 2, 2]);
  });

  it('reuses the lane that ended earliest', () => {
    const { lane } = assignLanes([
      { start: 0, end: 100 },
      { start: 1, end: 50 },
      { start: 2, end: 10 },
      { start: 60, end: 70 },
      { start: 20, end: 30 },
    ]);
    // At 20 lane 2 (free since 10) is taken; at 60 lane 2 (free since 30) again, not lane 1 (since 50).
    expect([...lane]).toEqual([0, 1, 2, 2, 2]);
  });

  it('handles no sessions, zero-length sessions and an end before the start', () => {
    expect(assignLanes([]).laneCount).toBe(0);
    expect(
      assignLanes([
        { start: 5, end: 5 },
        { start: 5, end: 5 },
      ]).laneCount,
    ).toBe(1);
    expect(
      assignLanes([
        { start: 5, end: 1 },
        { start: 5, end: 9 },
      ]).laneCount,
    ).toBe(1);
    // A zero-length session inside a longer one still needs its own lane to be seen.
    expect(
      assignLanes([
        { start: 0, end: 10 },
        { start: 5, end: 5 },
      ]).laneCount,
    ).toBe(2);
  });

  it('never overlaps within a lane and uses exactly as many lanes as the most open at once', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 80 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 60 }), (pairs) => {
        const intervals = pairs.map(([start, length]) => ({ start, end: start + length }));
        const { lane, laneCount } = assignLanes(intervals);
        expect(laneCount).toBe(maxOverlap(intervals));
        const byLane = new Map<number, Interval[]>();
        intervals.forEach((item, index) =>
          byLane.set(lane[index] ?? -1, [...(byLane.get(lane[index] ?? -1) ?? []), item]),
        );
        for (const items of byLane.values()) {
          const sorted = [...items].sort((a, b) => a.start - b.start);
          for (let i = 1; i < sorted.length; i += 1) {
            expect(sorted[i]?.start ?? 0).toBeGreaterThanOrEqual(sorted[i - 1]?.end ?? 0);
          }
        }
      }),
    );
  });

  it('assigns 10,000 sessions quickly', () => {
    const intervals = Array.from({ length: 10_000 }, (_, i) => ({ start: i * 1000, end: i * 1000 + 3500 }));
    const started = performance.now();
    const { laneCount } = assignLanes(intervals);
    expect(laneCount).toBe(4);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('countLanes', () => {
  it('counts the lanes assignLanes uses, zero-length and reversed intervals included', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: -5, max: 40 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 60 }), (pairs) => {
        const intervals = pairs.map(([start, length]) => ({ start, end: start + length }));
        expect(countLanes(intervals)).toBe(assignLanes(intervals).laneCount);
      }),
    );
  });
});
