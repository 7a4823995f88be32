import type { Database, Statement } from 'better-sqlite3';

import { listParams, listSql, type UserList } from './user-lists.ts';
import { USER_COLUMNS, type UserRow } from './user-rows.ts';

/**
 * Above this many trigram candidates (in every session and environment), a term is broad: its
 * matches are dense, so walking the order's index finds a page sooner than sorting the candidates.
 */
export const MAX_CANDIDATES = 5_000;
/** The rarest trigrams asked of the index; the exact check of each candidate follows anyway. */
const RAREST_TRIGRAMS = 3;

export interface FewMatches {
  total: number;
  rows(offset: number, limit: number): UserRow[];
}

/**
 * The selective side of search: the trigram index (`users_fts`, see migration 4) gives the users
 * holding the text's rarest trigrams (case folded, counted in the index's vocabulary); each is then
 * checked exactly (scope, and the contract's ASCII-case-insensitive `contains`), so the answer is
 * exact whatever the index's folding does.
 */
export function createSearchCandidates(
  db: Database,
  maxCandidates = MAX_CANDIDATES,
): {
  fewMatches(list: UserList): FewMatches | undefined;
} {
  // The index's vocabulary (documents per trigram), for this connection only: nothing to migrate.
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.users_fts_vocab USING fts5vocab(main, users_fts, row)');
  const documentsWith = db.prepare<[string], number>('SELECT doc FROM temp.users_fts_vocab WHERE term = ?').pluck();
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

  function rarest(trigrams: readonly string[]): string[] {
    return trigrams
      .map((trigram) => ({ trigram, documents: documentsWith.get(trigram.toLowerCase()) ?? 0 }))
      .sort((a, b) => a.documents - b.documents)
      .slice(0, RAREST_TRIGRAMS)
      .map(({ trigram }) => trigram);
  }

  return {
    fewMatches(list) {
      if (list.q === undefined) return undefined;
      const trigrams = trigramsOf(list.q);
      if (trigrams.length === 0) return undefined;
      const ids = candidateIds.all(matchAll(rarest(trigrams)), maxCandidates + 1);
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

/** An FTS5 query requiring every one of `trigrams`, each quoted as a string. */
function matchAll(trigrams: readonly string[]): string {
  return trigrams.map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}
