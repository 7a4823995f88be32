import type { Database } from 'better-sqlite3';

/** A position in the users order: `last_seen` DESC, then `_id` DESC. */
export type AnchorKey = readonly [lastSeen: string, id: string];

export const ANCHOR_STRIDE = 1000;

interface AnchorList {
  /** keys[i] is the key of the row at position i * stride of the list. */
  keys: AnchorKey[];
  complete: boolean;
}

/**
 * Remembers the key of every `stride`-th user of a list so a deep page can seek to the nearest
 * one and skip fewer than `stride` index entries, instead of an OFFSET that walks from the top.
 * Lists are built lazily (only as far as a request needs) with index-only steps, and all are
 * dropped when the caller's freshness token changes, i.e. after any write.
 */
export class PageAnchors {
  readonly #lists = new Map<string, AnchorList>();
  #token: string | undefined;
  readonly #first;
  readonly #next;
  readonly #firstInEnv;
  readonly #nextInEnv;

  readonly stride: number;

  constructor(db: Database, stride: number = ANCHOR_STRIDE) {
    this.stride = stride;
    if (!Number.isInteger(stride) || stride < 1)
      throw new RangeError('The anchor stride must be a positive whole number');
    const order = 'ORDER BY last_seen DESC, _id DESC';
    this.#first = db
      .prepare<[number], AnchorKey>(`SELECT last_seen, _id FROM session_users WHERE session_ref = ? ${order} LIMIT 1`)
      .raw();
    this.#next = db
      .prepare<[number, string, string, number], AnchorKey>(
        `SELECT last_seen, _id FROM session_users WHERE session_ref = ? AND (last_seen, _id) < (?, ?) ${order} LIMIT 1 OFFSET ?`,
      )
      .raw();
    this.#firstInEnv = db
      .prepare<[number, string], AnchorKey>(
        `SELECT last_seen, _id FROM session_users WHERE session_ref = ? AND env = ? ${order} LIMIT 1`,
      )
      .raw();
    this.#nextInEnv = db
      .prepare<[number, string, string, string, number], AnchorKey>(
        `SELECT last_seen, _id FROM session_users WHERE session_ref = ? AND env = ? AND (last_seen, _id) < (?, ?) ${order} LIMIT 1 OFFSET ?`,
      )
      .raw();
  }

  /** Forgets every list when `token` differs from the one the lists were built under. */
  sync(token: string): void {
    if (token === this.#token) return;
    this.#lists.clear();
    this.#token = token;
  }

  /** The key of the row at position `index * stride`, or undefined when the list is shorter. */
  keyAt(sessionRef: number, env: string | undefined, index: number): AnchorKey | undefined {
    const list = this.#list(sessionRef, env);
    while (list.keys.length <= index && !list.complete) this.#extend(list, sessionRef, env);
    return list.keys[index];
  }

  /**
   * Builds up to `steps` more anchors of one list ahead of need (warming at start-up); true once
   * the list is complete. Call `sync` first, as for reads.
   */
  warm(sessionRef: number, env: string | undefined, steps: number): boolean {
    const list = this.#list(sessionRef, env);
    for (let i = 0; i < steps && !list.complete; i++) this.#extend(list, sessionRef, env);
    return list.complete;
  }

  #list(sessionRef: number, env: string | undefined): AnchorList {
    const listKey = env === undefined ? `${sessionRef}` : `${sessionRef}:${env}`;
    let list = this.#lists.get(listKey);
    if (list === undefined) {
      list = { keys: [], complete: false };
      this.#lists.set(listKey, list);
    }
    return list;
  }

  #extend(list: AnchorList, sessionRef: number, env: string | undefined): void {
    const next = this.#step(sessionRef, env, list.keys.at(-1));
    if (next === undefined) list.complete = true;
    else list.keys.push(next);
  }

  #step(sessionRef: number, env: string | undefined, previous: AnchorKey | undefined): AnchorKey | undefined {
    const skip = this.stride - 1;
    if (env === undefined) {
      return previous === undefined ? this.#first.get(sessionRef) : this.#next.get(sessionRef, ...previous, skip);
    }
    return previous === undefined
      ? this.#firstInEnv.get(sessionRef, env)
      : this.#nextInEnv.get(sessionRef, env, ...previous, skip);
  }
}
