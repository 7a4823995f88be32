import type { Catalog, FetchUsersResult, UserById, UserDetails } from '../../src/contract/session-users.ts';

/**
 * What the dashboard reads, shaped like the platform's two operations. The SQLite store is the
 * embedded default; any other source with these methods can be plugged in (see server/main.ts).
 * Not-found cases reject with a `SourceError` carrying the contract's error code.
 */
export interface FetchUsersOptions {
  product: string;
  session: string;
  env?: string;
  page: number;
  limit: number;
}

export interface FetchUserDetailsOptions {
  product: string;
  session: string;
  identifier: string;
  env?: string;
}

export interface SessionUsersSource {
  fetchUsers(options: FetchUsersOptions): Promise<FetchUsersResult>;
  fetchUserDetails(options: FetchUserDetailsOptions): Promise<UserDetails>;
  /** The platform's `sessions.user(ductape_user_id)`. */
  userById(ductapeUserId: string): Promise<UserById>;
  catalog(): Promise<Catalog>;
  /**
   * The login-cookie revocation epoch: every login cookie carries the epoch it was issued in and
   * is valid only while the epoch is unchanged. Persisted, so a logout outlives a restart.
   */
  accessEpoch(): Promise<number>;
  /** Moves the epoch on (a logout), ending every login cookie issued before; resolves with the new epoch once stored. */
  bumpAccessEpoch(): Promise<number>;
  close(): void;
}

export type SourceErrorCode = 'PRODUCT_NOT_FOUND' | 'SESSION_NOT_FOUND' | 'ENV_NOT_FOUND' | 'USER_NOT_FOUND';

export class SourceError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
