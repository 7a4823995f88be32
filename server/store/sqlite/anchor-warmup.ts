import type { Database } from 'better-sqlite3';
import type { WarmResult } from '../dashboard-store.ts';
import type { FreshnessToken } from './freshness.ts';
import type { PageAnchors } from './page-anchors.ts';

const WARM_STEPS = 20;
const MAX_LISTS = 1_000;

/**
 * Builds page anchors ahead of the first deep page, for at most about `sliceMs` per call, longest
 * lists first: each session (all environments) and each session and environment. Each slice is
 * one read transaction.
 */
export function createAnchorWarmer(
  db: Database,
  anchors: PageAnchors,
  freshness: FreshnessToken,
): (sliceMs: number) => WarmResult {
  const anchoredLists = db
    .prepare<[number, number], [sessionRef: number, env: string | null]>(
      `SELECT session_ref, env FROM (
         SELECT session_ref, NULL AS env, sum(users) AS users FROM user_counts GROUP BY session_ref
         UNION ALL
         SELECT session_ref, env, users FROM user_counts)
       WHERE users > ? ORDER BY users DESC, session_ref, env IS NOT NULL, env LIMIT ?`,
    )
    .raw();
  let unfinishedUnder: string | undefined;
  const warmSlice = db.transaction((deadline: number): WarmResult => {
    const token = freshness.current();
    if (unfinishedUnder !== undefined && unfinishedUnder !== token) {
      unfinishedUnder = undefined;
      return 'changed';
    }
    anchors.sync(token);
    for (const [sessionRef, env] of anchoredLists.all(anchors.stride, MAX_LISTS)) {
      const list = { sessionRef, env: env ?? undefined, sort: 'last_seen', q: undefined } as const;
      while (!anchors.warm(list, WARM_STEPS)) {
        if (performance.now() >= deadline) {
          unfinishedUnder = token;
          return 'more';
        }
      }
    }
    unfinishedUnder = undefined;
    return 'done';
  });
  return (sliceMs) => warmSlice(performance.now() + sliceMs);
}
