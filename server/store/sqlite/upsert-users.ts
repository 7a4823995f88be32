import type { Database } from 'better-sqlite3';
import type { IngestResult } from '../../../src/contract/ingest.ts';
import type { RecordProblem } from '../../../src/contract/session-users.ts';
import {
  createNewIds,
  NOTHING_STORED,
  planWrites,
  type ExistingUser,
  type ItemNoun,
  type StoredSession,
  type StoreLookups,
  type UserChange,
} from '../ingest-plan.ts';
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

/**
 * The one write path for ingest and import on SQLite: the rules live in ../ingest-plan.ts (shared
 * with PostgreSQL); this looks rows up one at a time (cheap in-process reads) and applies the
 * plan in the caller's transaction.
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
  const ids = createNewIds();

  function lookups(): StoreLookups {
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
        return { user_ref: userRef, start_at: startAt, end_at: endAt, revoked: revoked === 1, revoked_at: revokedAt };
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

  /** Validates then applies `changes` (call inside a write transaction); refuses with every problem. */
  return (
    changes: readonly UserChange[],
    noun: ItemNoun,
    known: RecordProblem[] = [],
  ): Omit<IngestResult, 'accepted'> => {
    const plan = planWrites(changes, noun, lookups(), ids, now(), known);
    const scopes = new Map<string, number>();
    for (const user of plan.newUsers) {
      const { change } = user;
      const scopeKey = JSON.stringify([change.product, change.session, change.env]);
      let ref = scopes.get(scopeKey);
      if (ref === undefined) {
        ref = ensureScope(change.product, change.session, change.env);
        scopes.set(scopeKey, ref);
      }
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
    // Only a batch that changed something moves the version (a repeated batch keeps ETags valid).
    if (plan.wrote) freshness.bump();
    return plan.result;
  };
}
