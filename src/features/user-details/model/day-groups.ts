import { dayKey } from './wall-clock.ts';
import type { TimedSession } from './sessions.ts';

export interface DayGroup {
  /** "YYYY-MM-DD" in the zone the groups were made for. */
  key: string;
  /** Index of the group's first session in the list. */
  first: number;
  count: number;
}

export interface DayGrouping {
  groups: DayGroup[];
  /** For each session index, the index of its group. */
  groupOf: Int32Array;
}

/**
 * Groups a list that is already ordered (newest first) by the calendar day each session started
 * on in `timeZone`. Consecutive sessions of one day form one group, so order is kept.
 */
export function groupByDay(sessions: readonly Pick<TimedSession, 'start'>[], timeZone: string): DayGrouping {
  const groups: DayGroup[] = [];
  const groupOf = new Int32Array(sessions.length);
  let current: DayGroup | undefined;
  sessions.forEach((session, index) => {
    const key = Number.isFinite(session.start) ? dayKey(session.start, timeZone) : 'unknown';
    if (!current || current.key !== key) {
      current = { key, first: index, count: 0 };
      groups.push(current);
    }
    current.count += 1;
    groupOf[index] = groups.length - 1;
  });
  return { groups, groupOf };
}
