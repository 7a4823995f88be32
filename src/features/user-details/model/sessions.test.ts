import { describe, expect, it } from 'vitest';
import { historyIndex, median, sessionStats, timesToSessions, toTimedSessions } from './sessions.ts';
import { filterSessions } from './session-filter.ts';

const sessions = toTimedSessions([
  { session_id: 'a', start_at: '2026-03-01T10:00:00Z', end_at: '2026-03-01T11:00:00Z', active: false },
  { session_id: 'c', start_at: '2026-03-02T23:30:00Z', end_at: '2026-03-03T01:30:00Z', active: true },
  { session_id: 'b', start_at: '2026-02-28T22:00:00Z', end_at: '2026-02-28T22:30:00Z', active: false },
]);

describe('toTimedSessions', () => {
  it('orders newest first', () => {
    expect(sessions.map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('sessionStats', () => {
  it('finds the first and latest session and the median and longest length', () => {
    expect(sessionStats(sessions)).toEqual({
      first: Date.parse('2026-02-28T22:00:00Z'),
      latest: Date.parse('2026-03-02T23:30:00Z'),
      medianLength: 60 * 60_000,
      longestLength: 120 * 60_000,
    });
    expect(sessionStats([])).toEqual({});
  });

  it('leaves revoked sessions out of the lengths (when they ended is unknown)', () => {
    const withRevoked = toTimedSessions([
      {
        session_id: 'r',
        start_at: '2026-03-01T00:00:00Z',
        end_at: '2026-03-08T00:00:00Z',
        active: false,
        revoked: true,
      },
      { session_id: 'k', start_at: '2026-03-09T00:00:00Z', end_at: '2026-03-09T00:30:00Z', active: false },
    ]);
    expect(sessionStats(withRevoked)).toMatchObject({ medianLength: 30 * 60_000, longestLength: 30 * 60_000 });
    expect(sessionStats(withRevoked).first).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });

  it('averages the two middle values for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('filterSessions', () => {
  it('filters by status', () => {
    expect(filterSessions(sessions, { status: 'active' }, 'UTC').map((s) => s.id)).toEqual(['c']);
    expect(filterSessions(sessions, { status: 'expired' }, 'UTC').map((s) => s.id)).toEqual(['a', 'b']);
    expect(filterSessions(sessions, { status: 'all' }, 'UTC')).toBe(sessions);
  });

  it('keeps sessions open at any moment of the date range, in the chosen zone', () => {
    expect(
      filterSessions(sessions, { status: 'all', from: '2026-03-01', to: '2026-03-01' }, 'UTC').map((s) => s.id),
    ).toEqual(['a']);
    expect(filterSessions(sessions, { status: 'all', from: '2026-03-03' }, 'UTC').map((s) => s.id)).toEqual(['c']);
    // In Tokyo, session b (22:00 UTC on 28 Feb) starts on 1 March.
    expect(
      filterSessions(sessions, { status: 'all', from: '2026-03-01', to: '2026-03-01' }, 'Asia/Tokyo').map((s) => s.id),
    ).toEqual(['a', 'b']);
  });
});

describe('timesToSessions', () => {
  // Sessions c, a, b above as the API's session_times (newest first, each start as a difference), b revoked.
  const times = {
    start_ms: [Date.parse('2026-03-02T23:30:00Z'), 135_000_000, 43_200_000],
    length_ms: [7_200_000, 3_600_000, 1_800_000],
    status: 'AER',
  };

  it('reads the whole history back: the same times, statuses, figures and filter as the sessions', () => {
    const all = timesToSessions(times);
    expect(all.map(({ start, end, active, revoked }) => ({ start, end, active, revoked }))).toEqual([
      { start: sessions[0]?.start, end: sessions[0]?.end, active: true, revoked: false },
      { start: sessions[1]?.start, end: sessions[1]?.end, active: false, revoked: false },
      { start: sessions[2]?.start, end: sessions[2]?.end, active: false, revoked: true },
    ]);
    expect(filterSessions(all, { status: 'active' }, 'UTC')).toHaveLength(1);
    expect(sessionStats(all)).toMatchObject({ first: sessions[2]?.start, latest: sessions[0]?.start });
  });

  it('keys each session by its place from the oldest, so a new session does not move the others', () => {
    const all = timesToSessions(times);
    expect(all.map((session) => session.key)).toEqual(['#2', '#1', '#0']);
    expect(all.map((session) => historyIndex(session, all.length))).toEqual([0, 1, 2]);
    const withNewer = timesToSessions({
      start_ms: [(times.start_ms[0] ?? 0) + 60_000, 60_000, ...times.start_ms.slice(1)],
      length_ms: [60_000, ...times.length_ms],
      status: `A${times.status}`,
    });
    expect(withNewer.slice(1).map((session) => session.key)).toEqual(['#2', '#1', '#0']);
    expect(timesToSessions({ start_ms: [], length_ms: [], status: '' })).toEqual([]);
  });
});
