import type { IUserSessionInfo, SessionTimes } from '../../src/contract/session-users.ts';

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

/** A session as both stores read it: revoked is 0/1 in SQLite, a boolean in PostgreSQL. */
export type SessionTuple = [
  sessionId: string,
  startAt: string,
  endAt: string,
  revoked: number | boolean,
  revokedAt: string | null,
];

/** The contract's sessions from stored tuples, put in history order, and how many are active at `at`. */
export function toSessionInfos(tuples: SessionTuple[], at: string): { sessions: IUserSessionInfo[]; active: number } {
  const rows = inHistoryOrder(tuples);
  const sessions = new Array<IUserSessionInfo>(rows.length);
  let active = 0;
  for (let i = 0; i < rows.length; i++) {
    const [sessionId, startAt, endAt, revokedFlag, revokedAt] = rows[i] as SessionTuple;
    const revoked = revokedFlag === true || revokedFlag === 1;
    const isActive = !revoked && endAt > at;
    if (isActive) active += 1;
    const info: IUserSessionInfo = {
      session_id: sessionId,
      start_at: startAt,
      end_at: endAt,
      active: isActive,
      revoked,
    };
    // Only when known: long histories stay small, and the contract makes the field optional.
    if (revokedAt !== null) info.revoked_at = revokedAt;
    sessions[i] = info;
  }
  return { sessions, active };
}

/**
 * `start_at` DESC, then `session_id` DESC. The stores read rows in that order but SQL does not
 * promise it through an aggregate: one linear check, and a sort if that ever changes.
 */
function inHistoryOrder(rows: SessionTuple[]): SessionTuple[] {
  const before = (a: SessionTuple, b: SessionTuple) => compareText(b[1], a[1]) || compareText(b[0], a[0]);
  for (let i = 1; i < rows.length; i++) {
    if (before(rows[i - 1] as SessionTuple, rows[i] as SessionTuple) > 0) return rows.sort(before);
  }
  return rows;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
