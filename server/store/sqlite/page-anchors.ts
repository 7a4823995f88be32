import type { Database } from 'better-sqlite3';

import { listKey, listParams, listSql, statementCache, type ListKey, type UserList } from './user-lists.ts';

export const ANCHOR_STRIDE = 1000;

interface AnchorList {
  /** keys[i] is the key of the row at position i * stride of the list. */
  keys: ListKey[];
  complete: boolean;
}

/**
 * Remembers the key of every `stride`-th user of a list so a deep page can seek to the nearest
 * one and skip fewer than `stride` index entries, instead of an OFFSET that walks from the top.
 * Lists (either order, with or without an environment or a search) are built lazily (only as far
 * as a request needs) with index steps, and all are dropped when the caller's freshness token
 * changes, i.e. after any write.
 */
export class PageAnchors {
  readonly #lists = new Map<string, AnchorList>();
  #token: string | undefined;
  readonly #statement;

  readonly stride: number;

  constructor(db: Database, stride: number = ANCHOR_STRIDE) {
    this.stride = stride;
    if (!Number.isInteger(stride) || stride < 1)
      throw new RangeError('The anchor stride must be a positive whole number');
    this.#statement = statementCache(db);
  }

  /** Forgets every list when `token` differs from the one the lists were built under. */
  sync(token: string): void {
    if (token === this.#token) return;
    this.#lists.clear();
    this.#token = token;
  }

  /** The key of the row at position `index * stride`, or undefined when the list is shorter. */
  keyAt(list: UserList, index: number): ListKey | undefined {
    const anchors = this.#list(list);
    while (anchors.keys.length <= index && !anchors.complete) this.#extend(anchors, list);
    return anchors.keys[index];
  }

  /**
   * Builds up to `steps` more anchors of one list ahead of need (warming at start-up); true once
   * the list is complete. Call `sync` first, as for reads.
   */
  warm(list: UserList, steps: number): boolean {
    const anchors = this.#list(list);
    for (let i = 0; i < steps && !anchors.complete; i++) this.#extend(anchors, list);
    return anchors.complete;
  }

  #list(list: UserList): AnchorList {
    const key = listKey(list);
    let anchors = this.#lists.get(key);
    if (anchors === undefined) {
      anchors = { keys: [], complete: false };
      this.#lists.set(key, anchors);
    }
    return anchors;
  }

  #extend(anchors: AnchorList, list: UserList): void {
    const next = this.#step(list, anchors.keys.at(-1));
    if (next === undefined) anchors.complete = true;
    else anchors.keys.push(next);
  }

  #step(list: UserList, previous: ListKey | undefined): ListKey | undefined {
    const { where, order, column } = listSql(list);
    const params = listParams(list);
    if (previous === undefined) {
      return this.#statement<unknown[], ListKey>(
        `SELECT ${column}, _id FROM session_users WHERE ${where} ${order} LIMIT 1`,
      )
        .raw()
        .get(...params);
    }
    return this.#statement<unknown[], ListKey>(
      `SELECT ${column}, _id FROM session_users WHERE ${where} AND (${column}, _id) < (?, ?) ${order} LIMIT 1 OFFSET ?`,
    )
      .raw()
      .get(...params, ...previous, this.stride - 1);
  }
}
