import type { Database } from 'better-sqlite3';
import type { IngestResult } from '../../../src/contract/ingest.ts';
import type { RecordProblem } from '../../../src/contract/session-users.ts';
import {
  createNewIds,
  NOTHING_STORED,
  planWrites,
  type ExistingUser,
  type ItemNoun,
  type SessionChange,
  type StoredSession,
  type StoreLookups,
  type UserChange,
  type WritePlan,
} from '../ingest-plan.ts';
import { createAggregateSums } from './bulk-aggregates.ts';
import type { FreshnessToken } from './freshness.ts';

type ExistingUserRow = [
  id: number,
  _id: string,
  ductapeUserId: string,
  firstSeen: string,
  lastSeen: string,
  createdAt: string,
  updatedAt: string,
];
type StoredSessionRow = [userRef: number, startAt: string, endAt: string, revoked: number, revokedAt: string | null];

/** Per batch: the session type and environment (`${session_ref}\t${env}`) of each stored user looked up. */
type UserScopes = Map<number, string>;

/**
 * The one write path for ingest and import on SQLite: the rules live in ../ingest-plan.ts (shared
 * with PostgreSQL); this looks rows up one at a time (cheap in-process reads), applies the plan
 * in the caller's transaction, and sums the overview aggregates of the batch to write each
 * bucket once (see applyAggregates). `knownEmpty`: the bulk import, which sums them itself.
 */
export function createUserUpserter(
  db: Database,
  freshness: FreshnessToken,
  now: () => number,
  options: { knownEmpty?: boolean } = {},
) {
  const productId = db.prepare<[string], number>('SELECT id FROM products WHERE tag = ?').pluck();
  const sessionRef = db
    .prepare<[number, string], number>('SELECT id FROM product_sessions WHERE product_id = ? AND tag = ?')
    .pluck();
  const insertProduct = db.prepare<[string], number>('INSERT INTO products (tag) VALUES (?) RETURNING id').pluck();
  const insertEnv = db.prepare<[number, string]>('INSERT OR IGNORE INTO product_envs (product_id, env) VALUES (?, ?)');
  const insertSessionType = db
    .prepare<[number, string], number>('INSERT INTO product_sessions (product_id, tag) VALUES (?, ?) RETURNING id')
    .pluck();
  const userByScope = db
    .prepare<[number, string, string], ExistingUserRow>(
      `SELECT id, _id, ductape_user_id, first_seen, last_seen, created_at, updated_at
         FROM session_users WHERE session_ref = ? AND identifier = ? AND env = ?`,
    )
    .raw();
  const objectIdTaken = db.prepare<[string], number>('SELECT 1 FROM session_users WHERE _id = ?').pluck();
  const ductapeIdTaken = db.prepare<[string], number>('SELECT 1 FROM session_users WHERE ductape_user_id = ?').pluck();
  const sessionById = db
    .prepare<[string], StoredSessionRow>(
      'SELECT user_ref, start_at, end_at, revoked, revoked_at FROM user_sessions WHERE session_id = ?',
    )
    .raw();
  const insertUser = db
    .prepare<[string, string, number, string, string, string, string, string, string], number>(
      `INSERT INTO session_users (_id, ductape_user_id, session_ref, env, identifier, first_seen, last_seen, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck();
  const updateUser = db.prepare<[string, string, string, string, number]>(
    'UPDATE session_users SET first_seen = ?, last_seen = ?, created_at = ?, updated_at = ? WHERE id = ?',
  );
  const insertSession = db.prepare<[number, string, string, string, number, string | null]>(
    'INSERT INTO user_sessions (user_ref, start_at, session_id, end_at, revoked, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateSession = db.prepare<[string, number, string | null, number, string, string]>(
    'UPDATE user_sessions SET end_at = ?, revoked = ?, revoked_at = ? WHERE user_ref = ? AND start_at = ? AND session_id = ?',
  );
  const daySeen = db
    .prepare<[number, string, string], number>(
      'SELECT 1 FROM user_sessions WHERE user_ref = ? AND start_at >= ? AND start_at < ? LIMIT 1',
    )
    .pluck();
  // The ends a new session makes useless (more than 7 days before it starts: no longer in the
  // future), 2 per session written, as the insert trigger did: session_ends stays about as small
  // as the sessions still running.
  const forgetOldEnds = db.prepare<[number, string, string, number]>(
    `DELETE FROM session_ends WHERE (session_ref, env, end_at) IN (
       SELECT session_ref, env, end_at FROM session_ends
        WHERE session_ref = ? AND env = ? AND end_at < date(?, '-7 days') LIMIT ?)`,
  );
  const sums = createAggregateSums(db);
  const ids = createNewIds();

  function lookups(userScopes: UserScopes, storedSessions: Map<string, StoredSession>): StoreLookups {
    // An import into an empty store (bulk-import.ts) runs without the indexes these lookups need,
    // and could find nothing anyway: repeats across batches fail its unique index rebuild instead.
    if (options.knownEmpty === true) return NOTHING_STORED;
    const refs = new Map<string, number | undefined>();
    const refOf = (product: string, session: string) => {
      const key = JSON.stringify([product, session]);
      if (!refs.has(key)) {
        const id = productId.get(product);
        refs.set(key, id === undefined ? undefined : sessionRef.get(id, session));
      }
      return refs.get(key);
    };
    return {
      existingUser(product, session, env, identifier): ExistingUser | undefined {
        const ref = refOf(product, session);
        const row = ref === undefined ? undefined : userByScope.get(ref, identifier, env);
        if (row === undefined) return undefined;
        const [id, _id, ductapeUserId, firstSeen, lastSeen, createdAt, updatedAt] = row;
        userScopes.set(id, `${ref}\t${env}`);
        return {
          ref: id,
          _id,
          ductape_user_id: ductapeUserId,
          first_seen: firstSeen,
          last_seen: lastSeen,
          created_at: createdAt,
          updated_at: updatedAt,
        };
      },
      objectIdTaken: (id) => objectIdTaken.get(id) !== undefined,
      ductapeIdTaken: (id) => ductapeIdTaken.get(id) !== undefined,
      storedSession(sessionId): StoredSession | undefined {
        const row = sessionById.get(sessionId);
        if (row === undefined) return undefined;
        const [userRef, startAt, endAt, revoked, revokedAt] = row;
        const stored = {
          user_ref: userRef,
          start_at: startAt,
          end_at: endAt,
          revoked: revoked === 1,
          revoked_at: revokedAt,
        };
        storedSessions.set(sessionId, stored);
        return stored;
      },
    };
  }

  /** The session type's row id, registering the product, environment and session on first use. */
  function ensureScope(product: string, session: string, env: string): number {
    const id = productId.get(product) ?? insertProduct.get(product);
    if (id === undefined) throw new Error(`Could not register product "${product}"`);
    insertEnv.run(id, env);
    const ref = sessionRef.get(id, session) ?? insertSessionType.get(id, session);
    if (ref === undefined) throw new Error(`Could not register session "${session}"`);
    return ref;
  }

  /** Per scope: sessions not revoked written by the batch, and the earliest start among them. */
  const startedSessions = new Map<string, [sessions: number, firstStart: string]>();

  function started(scope: string, session: SessionChange): void {
    if (session.revoked) return;
    sums.ending(scope, session.end_at, 1);
    const seen = startedSessions.get(scope);
    if (seen === undefined) startedSessions.set(scope, [1, session.start_at]);
    else {
      seen[0] += 1;
      if (session.start_at < seen[1]) seen[1] = session.start_at;
    }
  }

  function countNewUser(scope: string, change: UserChange): void {
    sums.user(scope, change.first_seen, change.last_seen);
    const days = new Map<string, number>();
    for (const session of change.sessions) {
      const day = session.start_at.slice(0, 10);
      days.set(day, (days.get(day) ?? 0) + 1);
      started(scope, session);
    }
    for (const [day, sessions] of days) sums.started(scope, day, sessions, 1);
  }

  /**
   * The aggregates of sessions added to stored users and of session updates (before they are
   * written: a day counts the user once, unless it already had a session that day).
   */
  function applyAggregates(plan: WritePlan, userScopes: UserScopes, storedSessions: Map<string, StoredSession>) {
    const scopeOf = (userRef: number) => {
      const scope = userScopes.get(userRef);
      if (scope === undefined) throw new Error(`User ${userRef} was not looked up`);
      return scope;
    };
    const userDays = new Map<string, [userRef: number, day: string, sessions: number]>();
    for (const { user_ref: userRef, session } of plan.sessionInserts) {
      const day = session.start_at.slice(0, 10);
      const key = `${userRef}\t${day}`;
      const seen = userDays.get(key);
      if (seen === undefined) userDays.set(key, [userRef, day, 1]);
      else seen[2] += 1;
      started(scopeOf(userRef), session);
    }
    for (const [userRef, day, sessions] of userDays.values()) {
      const before = daySeen.get(userRef, `${day}T`, `${day}U`) !== undefined;
      sums.started(scopeOf(userRef), day, sessions, before ? 0 : 1);
    }
    for (const update of plan.sessionUpdates) {
      const stored = storedSessions.get(update.session_id);
      if (stored === undefined) throw new Error(`Session ${update.session_id} was not looked up`);
      const scope = scopeOf(update.user_ref);
      if (!stored.revoked) sums.ending(scope, stored.end_at, -1);
      if (!update.revoked) sums.ending(scope, update.end_at, 1);
    }
  }

  /** Validates then applies `changes` (call inside a write transaction); refuses with every problem. */
  return (
    changes: readonly UserChange[],
    noun: ItemNoun,
    known: RecordProblem[] = [],
  ): Omit<IngestResult, 'accepted'> => {
    const userScopes: UserScopes = new Map();
    const storedSessions = new Map<string, StoredSession>();
    const plan = planWrites(changes, noun, lookups(userScopes, storedSessions), ids, now(), known);
    const counting = options.knownEmpty !== true;
    // Nothing from a batch that failed midway (its transaction rolled back) is carried over.
    sums.discard();
    startedSessions.clear();
    if (counting) applyAggregates(plan, userScopes, storedSessions);
    const scopes = new Map<string, number>();
    for (const user of plan.newUsers) {
      const { change } = user;
      const scopeKey = JSON.stringify([change.product, change.session, change.env]);
      let ref = scopes.get(scopeKey);
      if (ref === undefined) {
        ref = ensureScope(change.product, change.session, change.env);
        scopes.set(scopeKey, ref);
      }
      if (counting) countNewUser(`${ref}\t${change.env}`, change);
      const userRef = insertUser.get(
        user._id,
        user.ductape_user_id,
        ref,
        change.env,
        change.identifier,
        change.first_seen,
        change.last_seen,
        user.created_at,
        user.updated_at,
      );
      if (userRef === undefined) throw new Error('Could not insert the user');
      for (const session of change.sessions) {
        insertSession.run(
          userRef,
          session.start_at,
          session.session_id,
          session.end_at,
          session.revoked ? 1 : 0,
          session.revoked_at,
        );
      }
    }
    for (const { user_ref: userRef, session } of plan.sessionInserts) {
      insertSession.run(
        userRef,
        session.start_at,
        session.session_id,
        session.end_at,
        session.revoked ? 1 : 0,
        session.revoked_at,
      );
    }
    for (const update of plan.sessionUpdates) {
      updateSession.run(
        update.end_at,
        update.revoked ? 1 : 0,
        update.revoked_at,
        update.user_ref,
        update.start_at,
        update.session_id,
      );
    }
    for (const update of plan.userUpdates) {
      updateUser.run(update.first_seen, update.last_seen, update.created_at, update.updated_at, update.ref);
    }
    if (counting) {
      sums.flush();
      for (const [scope, [sessions, firstStart]] of startedSessions) {
        const [ref, env] = scope.split('\t') as [string, string];
        forgetOldEnds.run(Number(ref), env, firstStart, 2 * sessions);
      }
      startedSessions.clear();
    }
    // Only a batch that changed something moves the version (a repeated batch keeps ETags valid).
    if (plan.wrote) freshness.bump();
    return plan.result;
  };
}
