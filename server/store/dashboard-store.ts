import type { StoreError, SessionUsersSource } from './source.ts';

/** Settings every store takes (tests pin the clock; benchmarks turn the page cache off). */
export interface StoreOptions {
  /** The clock that decides which sessions are active; tests pin it. */
  now?: () => number;
  /** Users between two cached page anchors; tests make it small. */
  anchorStride?: number;
  /**
   * Pages of users kept in memory until the next write (default 128); 0 turns that and the
   * catalog cache off, for benchmarks of the queries themselves.
   */
  pageCacheSize?: number;
  /**
   * Memory the store may use to cache its data pages, in MB (SQLite: the connection's page cache,
   * default 64). The import command asks for more: its transactions are large.
   */
  dataCacheMb?: number;
}

/** A session user as written in bulk; timestamps are milliseconds since the epoch. */
export interface NewSessionUser {
  _id: string;
  ductape_user_id: string;
  product: string;
  session: string;
  env: string;
  identifier: string;
  first_seen: number;
  last_seen: number;
  created_at: number;
  updated_at: number;
}

export interface NewUserSession {
  session_id: string;
  start_at: number;
  end_at: number;
  revoked: boolean;
}

export interface BulkProduct {
  tag: string;
  envs: readonly string[];
  sessions: readonly string[];
}

export interface BulkUser {
  user: NewSessionUser;
  sessions: readonly NewUserSession[];
}

export interface BulkLoadOptions {
  /** Load nothing (and resolve undefined) when the store already holds a product. */
  onlyIfEmpty?: boolean;
  /** Called with the users written so far, every thousand or so. */
  onProgress?: (written: number) => void;
  /** Called once every row is written, before the indexes are rebuilt. */
  onIndexing?: () => void;
}

/**
 * - `done`: every list longer than one anchor stride is built;
 * - `more`: there is more to build;
 * - `changed`: a write since the last slice dropped what was built, and this slice did nothing.
 */
export type WarmResult = 'done' | 'more' | 'changed';

/**
 * What the server and the commands need of a store beyond the API's operations: filling it with
 * generated data, emptying it, warming its page anchors. `openStore` (server/store-setup.ts)
 * returns one for either DATABASE_URL kind.
 */
export interface DashboardStore extends SessionUsersSource {
  /** Where the data lives, fit to print (a file path, or a URL without its password). */
  readonly location: string;
  isEmpty(): Promise<boolean>;
  /** Session users across every product, session and environment (from the kept counts). */
  countUsers(): Promise<number>;
  /** Removes every product, session, user and user session (keeps the login-cookie epoch). */
  clear(): Promise<void>;
  /**
   * Writes products and users in bulk, all or nothing. `users` is called once or more (a store
   * may stream the users and their sessions in separate passes) and must yield the same each time.
   */
  bulkLoad(
    products: readonly BulkProduct[],
    users: () => Iterable<BulkUser>,
    options?: BulkLoadOptions,
  ): Promise<{ users: number; sessions: number } | undefined>;
  /** Builds page anchors ahead of the first deep page, for about `sliceMs`. */
  warmPageAnchors(sliceMs: number): Promise<WarmResult>;
  /** Why a write failed, for a person at the console (what is wrong with a file, say). */
  writeFailureReason(error: StoreError): string;
}
