import type { SessionTimes } from '../../src/contract/session-users.ts';

/** Where a page of history starts: just after this session in history order (start_at DESC, session_id DESC). */
export interface SessionKey {
  start_at: string;
  session_id: string;
}

/**
 * The keyset cursor of a history page, opaque to clients: base64url of `[start_at, session_id]`.
 * Any session ID text survives the round trip (it is JSON inside).
 */
export function encodeSessionsCursor(key: SessionKey): string {
  return Buffer.from(JSON.stringify([key.start_at, key.session_id]), 'utf8').toString('base64url');
}

/** The key a cursor names, or undefined when the text is not a cursor this server made. */
export function decodeSessionsCursor(cursor: string): SessionKey | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [startAt, sessionId] = value as unknown[];
    if (typeof startAt !== 'string' || typeof sessionId !== 'string') return undefined;
    if (startAt.includes('\u0000') || sessionId.includes('\u0000')) return undefined;
    if (startAt.length === 0 || startAt.length > 64 || sessionId.length === 0 || sessionId.length > 512) {
      return undefined;
    }
    return { start_at: startAt, session_id: sessionId };
  } catch {
    return undefined;
  }
}

/** A session's times as a store reads them: start_at, end_at, revoked (SQLite 0/1, PostgreSQL boolean). */
export type SessionTimeRow = [startAt: string, endAt: string, revoked: number | boolean];

/**
 * The compact times of a whole history already in history order, and how many are active at `at`
 * (an ISO string in the stores' fixed format, which compares like the time it names).
 */
export function toSessionTimes(given: readonly SessionTimeRow[], at: string): { times: SessionTimes; active: number } {
  // A store's aggregate keeps its subquery's order in practice, not by promise: one linear check.
  let rows = given;
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1] as SessionTimeRow)[0] < (rows[i] as SessionTimeRow)[0]) {
      rows = [...given].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
      break;
    }
  }
  const startMs = new Array<number>(rows.length);
  const lengthMs = new Array<number>(rows.length);
  let status = '';
  let active = 0;
  let previous = 0;
  for (let i = 0; i < rows.length; i++) {
    const [startAt, endAt, revoked] = rows[i] as SessionTimeRow;
    const start = Date.parse(startAt);
    startMs[i] = i === 0 ? start : previous - start;
    lengthMs[i] = Date.parse(endAt) - start;
    previous = start;
    if (revoked === true || revoked === 1) status += 'R';
    else if (endAt > at) {
      status += 'A';
      active += 1;
    } else status += 'E';
  }
  return { times: { start_ms: startMs, length_ms: lengthMs, status }, active };
}

/** The next page's cursor: after the last session shown, when more were found than the page holds. */
export function nextSessionsCursor(shown: readonly SessionKey[], more: boolean): string | null {
  const last = shown[shown.length - 1];
  return more && last !== undefined ? encodeSessionsCursor(last) : null;
}
