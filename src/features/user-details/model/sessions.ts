import type { IUserSessionInfo } from '../api/fetch-user-details.ts';
import type { SessionTimes } from '../../../contract/session-users.ts';

/**
 * What the figures, the timeline and the filter need of a session: its times and status. The
 * whole history comes as these (the API's `session_times`), the sessions themselves page by page.
 */
export interface SessionTime {
  /** Identity on the page: the session ID, or for one read from `session_times` its place counted from the oldest. */
  key: string;
  /** The session ID, when the page has it. */
  id?: string;
  start: number;
  end: number;
  active: boolean;
  revoked: boolean;
}

/** A session with its timestamps parsed once, so sorting, filtering and drawing stay cheap. */
export interface TimedSession extends SessionTime {
  id: string;
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
      key: source.session_id,
      id: source.session_id,
      start: Date.parse(source.start_at),
      end: Date.parse(source.end_at),
      active: source.active,
      revoked: source.revoked === true,
      source,
    }))
    .sort(compareNewestFirst);
}

/** Where the session `key` of `timesToSessions` stands in history order (0 is the newest). */
export function historyIndex(session: SessionTime, total: number): number {
  return total - 1 - Number(session.key.slice(1));
}

/**
 * The whole history from the API's `session_times` (newest first, without session IDs). Each
 * session's key is "#" and its place counted from the oldest, which a new session does not change.
 */
export function timesToSessions(times: SessionTimes): SessionTime[] {
  const { start_ms: starts, length_ms: lengths, status } = times;
  const total = status.length;
  const sessions = new Array<SessionTime>(total);
  let start = 0;
  for (let i = 0; i < total; i++) {
    start = i === 0 ? (starts[0] ?? 0) : start - (starts[i] ?? 0);
    const end = start + (lengths[i] ?? 0);
    const letter = status[i];
    sessions[i] = { key: `#${total - 1 - i}`, start, end, active: letter === 'A', revoked: letter === 'R' };
  }
  return sessions;
}

/** How long the session lasts: from its start to its end (for an active one, its expiry). */
export function sessionLength(session: Pick<SessionTime, 'start' | 'end'>): number {
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
export function sessionStats(sessions: readonly SessionTime[]): SessionStats {
  const starts = sessions.map((session) => session.start).filter(Number.isFinite);
  const lengths = sessions.filter((session) => !session.revoked).map(sessionLength);
  return {
    first: starts.length ? starts.reduce((a, b) => Math.min(a, b)) : undefined,
    latest: starts.length ? starts.reduce((a, b) => Math.max(a, b)) : undefined,
    medianLength: median(lengths),
    longestLength: lengths.length ? lengths.reduce((a, b) => Math.max(a, b)) : undefined,
  };
}
