import type { Database, Statement } from 'better-sqlite3';

import { listParams, listSql, type UserList } from './user-lists.ts';
import { USER_COLUMNS, type UserRow } from './user-rows.ts';

/**
 * Above this many trigram candidates (in every session and environment), a term is broad: its
 * matches are dense, so walking the order's index finds a page sooner than sorting the candidates.
 */
export const MAX_CANDIDATES = 5_000;
/**
 * At most this many of a long text's trigrams are asked of the index (spread over the text); the
 * exact check of each candidate follows anyway.
 */
const MAX_TRIGRAMS = 12;

export interface FewMatches {
  total: number;
  rows(offset: number, limit: number): UserRow[];
}

/**
 * The selective side of search: the trigram index (`users_fts`, see migration 4) gives the users
 * holding every trigram of the text (case folded), at most `maxCandidates + 1` of them; each is
 * then checked exactly (scope, and the contract's ASCII-case-insensitive `contains`), so the answer
 * is exact whatever the index's folding does.
 *
 * FTS5 intersects the trigrams' lists by seeking, so the cost follows the rarest trigram, and the
 * LIMIT stops a broad term after `maxCandidates + 1` rows. (Ranking trigrams by their document
 * counts first, as this once did, reads each trigram's whole list: about 13 ms of CPU for each
 * trigram of `example` on the 1,000,000-user store, more than the intersection itself.)
 */
export function createSearchCandidates(
  db: Database,
  maxCandidates = MAX_CANDIDATES,
): {
  fewMatches(list: UserList): FewMatches | undefined;
} {
  const candidateIds = db
    .prepare<[string, number], number>('SELECT rowid FROM users_fts WHERE users_fts MATCH ? LIMIT ?')
    .pluck();
  const prepared = new Map<string, { count: Statement<unknown[], number>; rows: Statement<unknown[], UserRow> }>();

  function statements(list: UserList) {
    const { where, order } = listSql(list);
    let found = prepared.get(where + order);
    if (found === undefined) {
      const matched = `SELECT %s FROM json_each(?) AS candidates
        CROSS JOIN session_users ON session_users.id = candidates.value WHERE ${where}`;
      found = {
        count: db.prepare<unknown[], number>(matched.replace('%s', 'count(*)')).pluck(),
        rows: db.prepare<unknown[], UserRow>(`${matched.replace('%s', USER_COLUMNS)} ${order} LIMIT ? OFFSET ?`).raw(),
      };
      prepared.set(where + order, found);
    }
    return found;
  }

  return {
    fewMatches(list) {
      if (list.q === undefined) return undefined;
      const trigrams = trigramsOf(list.q);
      if (trigrams.length === 0) return undefined;
      const ids = candidateIds.all(matchAll(spread(trigrams, MAX_TRIGRAMS)), maxCandidates + 1);
      if (ids.length > maxCandidates) return undefined;
      const { count, rows } = statements(list);
      const params = [JSON.stringify(ids), ...listParams(list)];
      const total = ids.length === 0 ? 0 : (count.get(...params) ?? 0);
      return { total, rows: (offset, limit) => rows.all(...params, limit, offset) };
    },
  };
}

/** The distinct trigrams (3 consecutive characters) of the text; none for 1–2 characters. */
export function trigramsOf(text: string): string[] {
  const chars = Array.from(text);
  return [...new Set(chars.slice(2).map((_, i) => chars.slice(i, i + 3).join('')))];
}

/** At most `most` of `items`, the first and the last among them, evenly spaced between. */
function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  return Array.from({ length: most }, (_, i) => items[Math.round((i * (items.length - 1)) / (most - 1))] as T);
}

/** An FTS5 query requiring every one of `trigrams`, each quoted as a string. */
function matchAll(trigrams: readonly string[]): string {
  return trigrams.map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}
