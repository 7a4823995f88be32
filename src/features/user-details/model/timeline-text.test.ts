import { describe, expect, it } from 'vitest';
import { layoutTimeline } from './timeline-layout.ts';
import { describeItem, summarizeTimeline } from './timeline-text.ts';
import { toTimedSessions } from './sessions.ts';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('timeline text alternative', () => {
  const sessions = toTimedSessions([
    { session_id: 'a', start_at: iso(now - 5 * HOUR), end_at: iso(now - 2 * HOUR), active: false },
    { session_id: 'b', start_at: iso(now - 3 * HOUR), end_at: iso(now + HOUR), active: true },
    { session_id: 'r', start_at: iso(now - 4 * HOUR), end_at: iso(now + HOUR), active: false, revoked: true },
  ]);
  const layout = layoutTimeline(sessions, '24h', now);

  it('says how many sessions, over what span, and how many at once', () => {
    expect(summarizeTimeline(layout, 'UTC', layout.from)).toBe(
      '3 sessions between 2026-03-09 12:00 UTC and 2026-03-10 12:00 UTC, up to 3 at once; 1 is active now.',
    );
    expect(summarizeTimeline(layoutTimeline([], '7d', now), 'UTC', now - 7 * 24 * HOUR)).toBe(
      'No sessions between 2026-03-03 12:00 UTC and 2026-03-10 12:00 UTC.',
    );
  });

  it('reads one session out, honest about revoked ones', () => {
    const byId = Object.fromEntries(layout.items.map((item) => [item.session.id, item]));
    expect(describeItem(byId.a!, 'UTC')).toBe(
      'Expired. Session a, started 2026-03-10 07:00 UTC, ended 2026-03-10 10:00 UTC, lasted 3 hours.',
    );
    expect(describeItem(byId.b!, 'UTC')).toMatch(
      /^Active\. Session b, .* ends 2026-03-10 13:00 UTC, lasting 4 hours\.$/,
    );
    expect(describeItem(byId.r!, 'UTC')).toMatch(/^Expired, revoked\. .* was due to end .* lasted at most 5 hours\.$/);
  });
});
