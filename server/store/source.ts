import type { IngestResult, SessionRecord, UserDocument } from '../../src/contract/ingest.ts';
import type {
  Catalog,
  FetchUsersResult,
  Overview,
  RecordProblem,
  UserById,
  UserDetails,
} from '../../src/contract/session-users.ts';
import type { UserSort } from '../../src/contract/view-params.ts';
import type { SessionKey } from './history-page.ts';

/**
 * What the dashboard reads and writes, shaped like the platform's operations. The SQLite store is
 * the embedded default; any other store with these methods can be plugged in (see server/main.ts).
 * Every failure a store expects (not found, busy, unreachable, damaged, a record it refuses)
 * rejects with a `StoreError` of a store-neutral kind; each store converts its own errors (SQLite
 * codes, PostgreSQL codes, connection errors) inside itself, so HTTP code only maps kinds.
 */
export interface FetchUsersOptions {
  product: string;
  session: string;
  env?: string;
  page: number;
  limit: number;
  /** Only users whose identifier contains this text, ignoring ASCII letter case (1–200 characters). */
  q?: string;
  /** Newest first by this time, then `_id` descending; absent means `last_seen` (the seed's order). */
  sort?: UserSort;
}

export interface OverviewOptions {
  product: string;
  session: string;
  env?: string;
  /** The last `days` UTC days ending today (1–365). */
  days: number;
}

export interface FetchUserDetailsOptions {
  product: string;
  session: string;
  identifier: string;
  env?: string;
  /**
   * Page the history: at most this many sessions, plus `next_sessions_cursor` (and, on the first
   * page, `session_times`). Absent: every session, exactly as the seed documents.
   */
  sessionsLimit?: number;
  /** With `sessionsLimit`: only sessions after this one in history order (a decoded `sessions_cursor`). */
  sessionsAfter?: SessionKey;
}

export interface ExportUsersOptions {
  product?: string;
  session?: string;
}

export interface WriteOptions {
  /**
   * Check the batch exactly as it would be applied (against the store's data) and write nothing:
   * resolves with the counts it would have had, or rejects with the same problems. `import --dry-run`.
   */
  dryRun?: boolean;
}

export interface SessionUsersSource {
  fetchUsers(options: FetchUsersOptions): Promise<FetchUsersResult>;
  fetchUserDetails(options: FetchUserDetailsOptions): Promise<UserDetails>;
  /** The platform's `sessions.user(ductape_user_id)`. */
  userById(ductapeUserId: string): Promise<UserById>;
  catalog(): Promise<Catalog>;
  /**
   * The session's figures (users, active sessions now, rolling new/seen users) and `days` daily
   * buckets. Read from aggregates the store keeps on write: never a scan of users or sessions.
   */
  overview(options: OverviewOptions): Promise<Overview>;
  /** Opaque text that changes whenever any data changes, in this process or another one. ETag base. */
  dataVersion(): Promise<string>;
  /**
   * All or nothing; resolves only after the batch is durable. Records are already validated
   * against the shared `sessionRecordSchema`; store-level conflicts (a session_id owned by another
   * user or scope, a ductape_user_id taken) reject with `StoreError('invalid', …, { details })`.
   */
  ingest(records: readonly SessionRecord[], options?: WriteOptions): Promise<IngestResult>;
  /**
   * User documents (fetchUserDetails shape, plain values). Upserts; keeps the given _id,
   * ductape_user_id, first_seen, last_seen, createdAt, updatedAt; sessions upserted by session_id;
   * idempotent; all or nothing per call; the same invalid rules as `ingest`.
   */
  importUsers(docs: readonly UserDocument[], options?: WriteOptions): Promise<IngestResult>;
  /**
   * A fast import into an EMPTY store (SQLite; see server/store/sqlite/bulk-import.ts), or
   * undefined when the store holds data or has no such path: then import with `importUsers`.
   */
  beginBulkImport?(): BulkImport | undefined | Promise<BulkImport | undefined>;
  /** Every user with all their sessions, in a stable order: product, session, env, _id. */
  exportUsers(options?: ExportUsersOptions): AsyncIterable<UserDocument>;
  /**
   * The login-cookie revocation epoch: every login cookie carries the epoch it was issued in and
   * is valid only while the epoch is unchanged. Persisted, so a logout outlives a restart.
   */
  accessEpoch(): Promise<number>;
  /** Moves the epoch on (a logout), ending every login cookie issued before; resolves with the new epoch once stored. */
  bumpAccessEpoch(): Promise<number>;
  close(): Promise<void>;
}

/**
 * One all-or-nothing import into an empty store: nothing is visible to readers (or kept after a
 * crash) until `finish` says 'done'. 'repeats': the input names a user, _id, ductape_user_id or
 * session_id twice (or `add` refused a batch), so everything was rolled back: import it with
 * `importUsers`, which applies or rejects each repeat exactly.
 */
export interface BulkImport {
  /** Adds new users with their sessions; throws `StoreError('invalid')` for a batch that repeats itself. */
  add(docs: readonly UserDocument[]): IngestResult | Promise<IngestResult>;
  finish(onIndexing?: () => void): 'done' | 'repeats' | Promise<'done' | 'repeats'>;
  /** Rolls everything back (after a failure or an interruption). */
  abandon(): void | Promise<void>;
}

/** One refused record or document of a batch: `{index, field, message}` (the contract's error details). */
export type { RecordProblem };

export type SourceErrorCode = 'PRODUCT_NOT_FOUND' | 'SESSION_NOT_FOUND' | 'ENV_NOT_FOUND' | 'USER_NOT_FOUND';

/**
 * - `unavailable`: the store cannot be reached, read or written now (disk, file, network); retry.
 * - `busy`: another writer holds the store; retry soon.
 * - `corrupt`: the data cannot be read as stored; an operator must look.
 * - `not_found`: a product, session, environment or user that does not exist (`code` says which).
 * - `invalid`: the request cannot be applied as asked (`details` names records and fields).
 */
export type StoreErrorKind = 'unavailable' | 'busy' | 'corrupt' | 'not_found' | 'invalid';

export interface StoreErrorOptions {
  code?: SourceErrorCode;
  details?: RecordProblem[];
  cause?: unknown;
}

/** A store failure of a store-neutral kind. Its message is fit to show to the person asking. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    readonly options: StoreErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
  }
}

export function notFound(code: SourceErrorCode, message: string): StoreError {
  return new StoreError('not_found', message, { code });
}

/** Messages for the kinds a person can only wait out or report. Stores may say more. */
export const STORE_MESSAGES = {
  busy: 'The data store is busy or unavailable. Try again in a moment.',
  corrupt:
    'The data store cannot be read: its file may be damaged or missing. The problem was logged for the operator.',
  disk: 'The data store cannot be read or written right now (a disk or file problem). The problem was logged for the operator.',
  unreachable: 'The database cannot be reached right now. Try again in a moment.',
} as const;
