import { describe, expect, it } from 'vitest';
import { itemAt, layoutTimeline } from './timeline-layout.ts';
import { toTimedSessions } from './sessions.ts';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const session = (id: string, start: number, end: number, active = false) => ({
  session_id: id,
  start_at: iso(start),
  end_at: iso(end),
  active,
});

const sessions = toTimedSessions([
  session('old', now - 40 * 24 * HOUR, now - 39 * 24 * HOUR),
  session('a', now - 10 * HOUR, now - 6 * HOUR),
  session('b', now - 8 * HOUR, now - 7 * HOUR),
  session('live', now - 2 * HOUR, now + 22 * HOUR, true),
]);

describe('layoutTimeline', () => {
  it('keeps the sessions of the range, oldest first, in lanes', () => {
    const layout = layoutTimeline(sessions, '24h', now);
    expect(layout.items.map((item) => item.session.id)).toEqual(['a', 'b', 'live']);
    // "live" takes lane 1, free since b ended (before a did).
    expect(layout.items.map((item) => item.lane)).toEqual([0, 1, 1]);
    expect(layout.laneCount).toBe(2);
    expect(layout.activeCount).toBe(1);
    expect(layout.from).toBe(now - 24 * HOUR);
    expect(layout.to).toBeGreaterThan(now);
  });

  it('stops an ended (revoked) session at now, but lets an active one reach its expiry', () => {
    const revoked = toTimedSessions([
      { ...session('r', now - HOUR, now + 5 * HOUR), revoked: true },
      session('live', now - HOUR, now + 5 * HOUR, true),
    ]);
    const layout = layoutTimeline(revoked, '24h', now);
    expect(Object.fromEntries(layout.items.map((item) => [item.session.id, item.end]))).toEqual({
      r: now,
      live: now + 5 * HOUR,
    });
  });

  it('spans every session for "all"', () => {
    const layout = layoutTimeline(sessions, 'all', now);
    expect(layout.items).toHaveLength(4);
    expect(layout.from).toBeLessThan(now - 40 * 24 * HOUR);
  });

  it('finds the bar under the pointer, with a tolerance for thin bars', () => {
    const layout = layoutTimeline(sessions, '24h', now);
    expect(itemAt(layout, 0, now - 9 * HOUR, 0)).toBe(0);
    expect(itemAt(layout, 1, now - 7.5 * HOUR, 0)).toBe(1);
    expect(itemAt(layout, 1, now - 5 * HOUR, 0)).toBe(-1);
    expect(itemAt(layout, 1, now - 6.9 * HOUR, 0.2 * HOUR)).toBe(1);
    expect(itemAt(layout, 1, now, 0)).toBe(2);
    expect(itemAt(layout, 5, now, 0)).toBe(-1);
  });
});
