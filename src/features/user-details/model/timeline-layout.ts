import { assignLanes, countLanes } from './lanes.ts';
import type { SessionTime } from './sessions.ts';
import type { TimelineRange } from '../search-params.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPANS: Record<Exclude<TimelineRange, 'all'>, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

export interface TimelineItem {
  session: SessionTime;
  start: number;
  /** Where the bar ends: the session's end, or for an active one its expiry (drawn faded past now). */
  end: number;
  lane: number;
}

export interface TimelineLayout {
  /** The range the caption names: [from, now]. */
  from: number;
  now: number;
  /** The drawn axis: [from, to], a little past now so "now" and running sessions show. */
  to: number;
  /** Sessions open at any moment of [from, now], oldest first (the keyboard steps in this order). */
  items: TimelineItem[];
  /** For each lane, indexes into `items` by start; no two overlap, so also ordered by end. */
  lanes: number[][];
  /** The most sessions open at one moment in the range. */
  laneCount: number;
  activeCount: number;
}

/** The range's axis and the sessions open in it, as bars (lanes not assigned yet), unsorted. */
function rangeItems(sessions: readonly SessionTime[], range: TimelineRange, now: number) {
  let from: number;
  if (range === 'all') {
    let earliest = Infinity;
    for (const session of sessions) if (session.start < earliest) earliest = session.start;
    from = Number.isFinite(earliest) ? Math.min(earliest, now - HOUR) : now - DAY;
  } else {
    from = now - SPANS[range];
  }
  const span = now - from;
  const to = now + span * 0.04;
  if (range === 'all') from -= span * 0.01;

  const items: TimelineItem[] = [];
  for (const session of sessions) {
    if (!Number.isFinite(session.start) || !Number.isFinite(session.end)) continue;
    // An ended session cannot reach past now, even one revoked before its scheduled end.
    const end = Math.max(session.start, session.active ? session.end : Math.min(session.end, now));
    if (session.start > now || end < from) continue;
    items.push({ session, start: session.start, end, lane: 0 });
  }
  return { from, to, items };
}

/**
 * Lays the sessions of a range out in lanes. A session that has not ended reaches past now to its
 * expiry; an ended one stops at its end. A revoked one is drawn to its scheduled end or now,
 * whichever is sooner: the latest it can have lasted, since the API does not say when it was revoked.
 */
export function layoutTimeline(sessions: readonly SessionTime[], range: TimelineRange, now: number): TimelineLayout {
  const { from, to, items } = rangeItems(sessions, range, now);
  items.sort((a, b) => a.start - b.start || a.end - b.end);

  const { lane, laneCount } = assignLanes(items);
  const lanes: number[][] = Array.from({ length: laneCount }, () => []);
  items.forEach((item, index) => {
    item.lane = lane[index] ?? 0;
    lanes[item.lane]?.push(index);
  });
  const activeCount = items.reduce((count, item) => count + (item.session.active ? 1 : 0), 0);
  return { from, now, to, items, lanes, laneCount, activeCount };
}

/** `layoutTimeline(…).laneCount`, much sooner: the picture's height, known before it is laid out. */
export function timelineLaneCount(sessions: readonly SessionTime[], range: TimelineRange, now: number): number {
  return countLanes(rangeItems(sessions, range, now).items);
}

/**
 * The item in `lane` at `time`, or within `tolerance` of it (so hair-thin bars can be pointed
 * at); the nearest one wins. -1 when there is none.
 */
export function itemAt(layout: TimelineLayout, laneIndex: number, time: number, tolerance: number): number {
  const lane = layout.lanes[laneIndex];
  if (!lane || lane.length === 0) return -1;
  // Last item starting at or before time + tolerance.
  let low = 0;
  let high = lane.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const item = layout.items[lane[middle] ?? 0];
    if ((item?.start ?? Infinity) <= time + tolerance) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  let best = -1;
  let bestDistance = Infinity;
  for (const position of [found, found - 1]) {
    const index = lane[position];
    const item = index === undefined ? undefined : layout.items[index];
    if (!item || index === undefined) continue;
    const distance = time < item.start ? item.start - time : time > item.end ? time - item.end : 0;
    if (distance <= tolerance && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}
