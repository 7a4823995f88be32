import type { IUserSessionInfo } from '../api/fetch-user-details.ts';

/** A session with its timestamps parsed once, so sorting, filtering and drawing stay cheap. */
export interface TimedSession {
  id: string;
  start: number;
  end: number;
  active: boolean;
  revoked: boolean;
  source: IUserSessionInfo;
}

const orderKey = (ms: number) => (Number.isNaN(ms) ? -Infinity : ms);

/** Newest first by start, then by session ID descending: the API's own order, made certain. */
export function compareNewestFirst(a: TimedSession, b: TimedSession): number {
  return orderKey(b.start) - orderKey(a.start) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function toTimedSessions(sessions: readonly IUserSessionInfo[]): TimedSession[] {
  return sessions
    .map((source) => ({
      id: source.session_id,
      start: Date.parse(source.start_at),
      end: Date.parse(source.end_at),
      active: source.active,
      revoked: source.revoked === true,
      source,
    }))
    .sort(compareNewestFirst);
}

/** How long the session lasts: from its start to its end (for an active one, its expiry). */
export function sessionLength(session: Pick<TimedSession, 'start' | 'end'>): number {
  const length = session.end - session.start;
  return Number.isFinite(length) ? Math.max(0, length) : 0;
}

export interface SessionStats {
  first?: number;
  latest?: number;
  /** Over sessions that were not revoked. */
  medianLength?: number;
  longestLength?: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/**
 * First and latest start over every session; median and longest length over the sessions whose
 * length is known, leaving out revoked ones (the API does not say when they were revoked).
 */
export function sessionStats(sessions: readonly TimedSession[]): SessionStats {
  const starts = sessions.map((session) => session.start).filter(Number.isFinite);
  const lengths = sessions.filter((session) => !session.revoked).map(sessionLength);
  return {
    first: starts.length ? starts.reduce((a, b) => Math.min(a, b)) : undefined,
    latest: starts.length ? starts.reduce((a, b) => Math.max(a, b)) : undefined,
    medianLength: median(lengths),
    longestLength: lengths.length ? lengths.reduce((a, b) => Math.max(a, b)) : undefined,
  };
}
