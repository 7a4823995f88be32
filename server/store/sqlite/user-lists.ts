import type { Database, Statement } from 'better-sqlite3';

import type { UserSort } from '../../../src/contract/view-params.ts';

/**
 * One ordered list of a session's users: every environment or one, newest first by `sort` then
 * `_id`, optionally only identifiers containing `q` (already lower-cased, ASCII letters only).
 */
export interface UserList {
  sessionRef: number;
  env: string | undefined;
  sort: UserSort;
  q: string | undefined;
}

/** A position in a list's order: the sort time, then `_id`. */
export type ListKey = readonly [time: string, id: string];

export function listKey(list: UserList): string {
  return JSON.stringify([list.sessionRef, list.env ?? null, list.sort, list.q ?? null]);
}

/** The list's bind values, in the order of `listFilter`'s placeholders. */
export function listParams(list: UserList): (string | number)[] {
  const params: (string | number)[] = [list.sessionRef];
  if (list.env !== undefined) params.push(list.env);
  if (list.q !== undefined) params.push(likePattern(list.q));
  return params;
}

/**
 * `WHERE` text and `ORDER BY` for a list. The order matches one of the users indexes
 * (session_users_recent[_by_env], session_users_first_seen[_by_env]). SQLite's LIKE ignores the
 * case of ASCII letters only, which is what the contract's "ignoring ASCII letter case" asks.
 */
export function listSql(list: UserList): { where: string; order: string; column: string } {
  const column = list.sort === 'first_seen' ? 'first_seen' : 'last_seen';
  const where = ['session_ref = ?'];
  if (list.env !== undefined) where.push('env = ?');
  if (list.q !== undefined) where.push("identifier LIKE ? ESCAPE '\\'");
  return { where: where.join(' AND '), order: `ORDER BY ${column} DESC, _id DESC`, column };
}

/** Prepares each distinct SQL text once (a handful of list shapes). */
export function statementCache(db: Database): <Params extends unknown[], Row>(sql: string) => Statement<Params, Row> {
  const prepared = new Map<string, Statement<unknown[], unknown>>();
  return <Params extends unknown[], Row>(sql: string) => {
    let statement = prepared.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement as unknown as Statement<Params, Row>;
  };
}

/** `%text%` for LIKE, with LIKE's own characters (`%`, `_`) and the escape character escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Lower-cases ASCII letters only (as SQLite's lower() does), leaving every other character as it is. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
