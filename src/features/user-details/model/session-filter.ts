import { endOfDay, startOfDay } from './wall-clock.ts';
import type { SessionTime } from './sessions.ts';

export const STATUS_FILTERS = ['all', 'active', 'expired'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface HistoryFilter {
  status: StatusFilter;
  /** First day, "YYYY-MM-DD", in the page's time zone (inclusive). */
  from?: string;
  /** Last day, "YYYY-MM-DD", in the page's time zone (inclusive). */
  to?: string;
}

export function isFiltered(filter: HistoryFilter): boolean {
  return filter.status !== 'all' || Boolean(filter.from) || Boolean(filter.to);
}

/**
 * The sessions that match the status and that were open at any moment of the date range (a
 * session that started the evening before still counts: the user was signed in that day).
 */
export function filterSessions<Session extends SessionTime>(
  sessions: readonly Session[],
  filter: HistoryFilter,
  timeZone: string,
): readonly Session[] {
  const from = startOfDay(filter.from, timeZone) ?? -Infinity;
  const to = endOfDay(filter.to, timeZone) ?? Infinity;
  if (filter.status === 'all' && from === -Infinity && to === Infinity) return sessions;
  return sessions.filter((session) => {
    if (filter.status === 'active' && !session.active) return false;
    if (filter.status === 'expired' && session.active) return false;
    return session.start < to && Math.max(session.end, session.start) >= from;
  });
}
