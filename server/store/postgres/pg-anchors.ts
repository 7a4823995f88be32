import type { Sql } from 'postgres';
import type { SortColumn } from './pg-reads.ts';

/** A position in the users order: `last_seen` DESC, then `_id` DESC. */
type AnchorKey = readonly [lastSeen: string, id: string];

interface AnchorList {
  /** keys[i] is the key of the row at position i * stride of the list. */
  keys: AnchorKey[];
  complete: boolean;
  extending: Promise<void> | undefined;
}

/** Anchors found per query: one index-only walk of `STEPS × stride` entries. */
const STEPS = 16;

/**
 * The PostgreSQL twin of the SQLite store's PageAnchors: the key of every `stride`-th user of a
 * list, so a deep page seeks to the nearest one and skips fewer than `stride` index entries.
 * Built lazily (several anchors per query), kept per process, dropped whenever the data version
 * read at the start of a request differs from the one they were built under; that version lives
 * in the database, so a write through any server process drops them in every process.
 */
export class PgPageAnchors {
  readonly #lists = new Map<string, AnchorList>();
  #version: string | undefined;

  constructor(
    private readonly sql: Sql,
    readonly stride: number,
  ) {
    if (!Number.isInteger(stride) || stride < 1)
      throw new RangeError('The anchor stride must be a positive whole number');
  }

  sync(version: string): void {
    if (version === this.#version) return;
    this.#lists.clear();
    this.#version = version;
  }

  async keyAt(
    sessionRef: number,
    env: string | undefined,
    column: SortColumn,
    index: number,
  ): Promise<AnchorKey | undefined> {
    const list = this.#list(sessionRef, env, column);
    while (list.keys.length <= index && !list.complete) await this.#extend(list, sessionRef, env, column);
    return list.keys[index];
  }

  /** Builds one more slice of a list (warming); true once it is complete. */
  async warm(sessionRef: number, env: string | undefined, column: SortColumn): Promise<boolean> {
    const list = this.#list(sessionRef, env, column);
    if (!list.complete) await this.#extend(list, sessionRef, env, column);
    return list.complete;
  }

  #list(sessionRef: number, env: string | undefined, column: SortColumn): AnchorList {
    const key = JSON.stringify([sessionRef, env ?? null, column]);
    let list = this.#lists.get(key);
    if (list === undefined) {
      list = { keys: [], complete: false, extending: undefined };
      this.#lists.set(key, list);
    }
    return list;
  }

  /** One extension at a time per list: concurrent requests wait for the same walk. */
  #extend(list: AnchorList, sessionRef: number, env: string | undefined, column: SortColumn): Promise<void> {
    list.extending ??= this.#walk(list, sessionRef, env, column).finally(() => {
      list.extending = undefined;
    });
    return list.extending;
  }

  async #walk(list: AnchorList, sessionRef: number, env: string | undefined, column: SortColumn): Promise<void> {
    const { sql, stride } = this;
    const last = list.keys.at(-1);
    // From the top, positions 0, stride, 2·stride… are rows n = 0, stride…; after an anchor at
    // position p, the rows after it are p+1, p+2…, so the next anchors are rows n = stride-1, 2·stride-1…
    const phase = last === undefined ? 0 : stride - 1;
    const envFilter = env === undefined ? sql`` : sql`AND env = ${env}`;
    const time = sql.unsafe(column);
    const order = sql.unsafe(`${column} DESC, _id DESC`);
    const after = last === undefined ? sql`` : sql`AND (${time}, _id) < (${last[0]}, ${last[1]})`;
    const rows = await sql<{ time: string; _id: string }[]>`
      SELECT time, _id FROM (
        SELECT time, _id, row_number() OVER (ORDER BY time DESC, _id DESC) - 1 AS n FROM (
          SELECT ${time} AS time, _id FROM session_users WHERE session_ref = ${sessionRef} ${envFilter} ${after}
           ORDER BY ${order} LIMIT ${STEPS * stride}) w) numbered
       WHERE n % ${stride} = ${phase} ORDER BY n`;
    for (const row of rows) list.keys.push([row.time, row._id]);
    if (rows.length < STEPS) list.complete = true;
  }
}
