import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { IngestResult } from '../../../src/contract/ingest.ts';
import type { RecordProblem } from '../../../src/contract/session-users.ts';
import { StoreError } from '../source.ts';
import type { FreshnessToken } from './freshness.ts';
import { storedTime } from './stored-time.ts';

/** One session to create or update; times are already in the stored format. */
export interface SessionChange {
  /** The record or document it came from, and the field prefix to name in a problem. */
  index: number;
  at: string;
  session_id: string;
  start_at: string;
  end_at: string;
  revoked: boolean;
  revoked_at: string | null;
}

/** One user to create or update, with the sessions it gains or changes. */
export interface UserChange {
  index: number;
  product: string;
  session: string;
  env: string;
  identifier: string;
  /** Given ids (kept for a new user, checked against an existing one); generated when absent. */
  _id?: string;
  ductape_user_id?: string;
  /** Candidates: an existing user's first_seen only moves back, last_seen only forward. */
  first_seen: string;
  last_seen: string;
  /** Import keeps the given times; ingest leaves them to the server clock. */
  created_at?: string;
  updated_at?: string;
  sessions: SessionChange[];
}

type ExistingUser = [
  id: number,
  _id: string,
  ductapeUserId: string,
  firstSeen: string,
  lastSeen: string,
  createdAt: string,
  updatedAt: string,
];
type StoredSession = [userRef: number, startAt: string, endAt: string, revoked: number, revokedAt: string | null];

interface PlannedUser {
  change: UserChange;
  existing: ExistingUser | undefined;
  sessions: { change: SessionChange; stored: StoredSession | undefined }[];
}

/** What a batch is called in messages: "record" for ingest, "document" for import. */
export type ItemNoun = 'record' | 'document';

/**
 * The one write path for ingest and import: validates every change against the store and the
 * rest of the batch first (reads only, so a refused batch writes nothing), then applies all of
 * it in the caller's transaction. Idempotent: a change that is already in the store writes
 * nothing and counts nothing, so a repeated batch leaves the store exactly as it was.
 */
export function createUserUpserter(db: Database, freshness: FreshnessToken, now: () => number) {
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
    .prepare<[number, string, string], ExistingUser>(
      `SELECT id, _id, ductape_user_id, first_seen, last_seen, created_at, updated_at
         FROM session_users WHERE session_ref = ? AND identifier = ? AND env = ?`,
    )
    .raw();
  const objectIdTaken = db.prepare<[string], number>('SELECT 1 FROM session_users WHERE _id = ?').pluck();
  const ductapeIdTaken = db.prepare<[string], number>('SELECT 1 FROM session_users WHERE ductape_user_id = ?').pluck();
  const sessionById = db
    .prepare<[string], StoredSession>(
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
  const newObjectId = createObjectIdFactory();

  function plan(changes: readonly UserChange[], problems: RecordProblem[]): PlannedUser[] {
    const refs = new Map<string, number | undefined>();
    const refOf = (product: string, session: string) => {
      const key = JSON.stringify([product, session]);
      if (!refs.has(key)) {
        const id = productId.get(product);
        refs.set(key, id === undefined ? undefined : sessionRef.get(id, session));
      }
      return refs.get(key);
    };
    const sessionIds = new Map<string, number>();
    const users = new Map<string, number>();
    const objectIds = new Map<string, number>();
    const ductapeIds = new Map<string, number>();
    const problem = (index: number, field: string, message: string) => problems.push({ index, field, message });

    return changes.map((change) => {
      const { index } = change;
      const userKey = JSON.stringify([change.product, change.session, change.env, change.identifier]);
      const sameUser = users.get(userKey);
      if (sameUser !== undefined) {
        // One user once per batch: the rest of this item would only repeat that problem.
        problem(index, 'identifier', `this user is already in item ${sameUser} of this batch`);
        return { change, existing: undefined, sessions: [] };
      }
      users.set(userKey, index);
      const ref = refOf(change.product, change.session);
      const existing = ref === undefined ? undefined : userByScope.get(ref, change.identifier, change.env);
      if (existing !== undefined) {
        if (change._id !== undefined && change._id !== existing[1]) {
          problem(index, '_id', `this user already has _id ${existing[1]}`);
        }
        if (change.ductape_user_id !== undefined && change.ductape_user_id !== existing[2]) {
          problem(index, 'ductape_user_id', `this user already has ductape_user_id "${existing[2]}"`);
        }
      } else {
        const id = change._id;
        if (id !== undefined && (objectIdTaken.get(id) !== undefined || objectIds.has(id))) {
          problem(index, '_id', `_id ${id} already belongs to another user`);
        } else if (id !== undefined) objectIds.set(id, index);
        const ductapeId = change.ductape_user_id;
        if (ductapeId !== undefined && (ductapeIdTaken.get(ductapeId) !== undefined || ductapeIds.has(ductapeId))) {
          problem(index, 'ductape_user_id', `ductape_user_id "${ductapeId}" already belongs to another user`);
        } else if (ductapeId !== undefined) ductapeIds.set(ductapeId, index);
      }
      const sessions = change.sessions.map((session) => {
        const repeated = sessionIds.get(session.session_id);
        if (repeated !== undefined) {
          problem(
            session.index,
            `${session.at}session_id`,
            `session_id is repeated: item ${repeated} of this batch has it too`,
          );
        } else sessionIds.set(session.session_id, session.index);
        const stored = sessionById.get(session.session_id);
        if (stored !== undefined) {
          if (existing === undefined || stored[0] !== existing[0]) {
            problem(
              session.index,
              `${session.at}session_id`,
              'session_id already belongs to another user, session or environment',
            );
          } else if (stored[1] !== session.start_at) {
            problem(
              session.index,
              `${session.at}start_at`,
              `this session started at ${stored[1]}: a session's start_at cannot change`,
            );
          }
        }
        return { change: session, stored };
      });
      return { change, existing, sessions };
    });
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

  function apply(planned: readonly PlannedUser[]): Omit<IngestResult, 'accepted'> & { wrote: boolean } {
    const changedAt = storedTime(now());
    const scopes = new Map<string, number>();
    const scopeOf = (change: UserChange) => {
      const key = JSON.stringify([change.product, change.session, change.env]);
      let ref = scopes.get(key);
      if (ref === undefined) {
        ref = ensureScope(change.product, change.session, change.env);
        scopes.set(key, ref);
      }
      return ref;
    };
    const result = { users_created: 0, sessions_created: 0, sessions_updated: 0, wrote: false };
    for (const { change, existing, sessions } of planned) {
      let userRef: number;
      let changed = false;
      if (existing === undefined) {
        const ref = scopeOf(change);
        const inserted = insertUser.get(
          change._id ?? newObjectId(now()),
          change.ductape_user_id ?? uuidV7(now()),
          ref,
          change.env,
          change.identifier,
          change.first_seen,
          change.last_seen,
          change.created_at ?? changedAt,
          change.updated_at ?? changedAt,
        );
        if (inserted === undefined) throw new Error('Could not insert the user');
        userRef = inserted;
        result.users_created += 1;
        result.wrote = true;
      } else {
        userRef = existing[0];
      }
      for (const { change: session, stored } of sessions) {
        if (stored === undefined) {
          insertSession.run(
            userRef,
            session.start_at,
            session.session_id,
            session.end_at,
            session.revoked ? 1 : 0,
            session.revoked_at,
          );
          result.sessions_created += 1;
          result.wrote = true;
          changed = true;
          continue;
        }
        const [, startAt, endAt, revoked, revokedAt] = stored;
        // A later end is a refresh (an earlier one changes nothing); a revocation is for good.
        const nextEnd = session.end_at > endAt ? session.end_at : endAt;
        const nextRevoked = revoked === 1 || session.revoked ? 1 : 0;
        const nextRevokedAt = revokedAt ?? session.revoked_at;
        if (nextEnd !== endAt || nextRevoked !== revoked || nextRevokedAt !== revokedAt) {
          updateSession.run(nextEnd, nextRevoked, nextRevokedAt, userRef, startAt, session.session_id);
          result.sessions_updated += 1;
          result.wrote = true;
          changed = true;
        }
      }
      if (existing !== undefined) {
        const [id, , , firstSeen, lastSeen, createdAt, updatedAt] = existing;
        const nextFirst = change.first_seen < firstSeen ? change.first_seen : firstSeen;
        const nextLast = change.last_seen > lastSeen ? change.last_seen : lastSeen;
        const nextCreated =
          change.created_at !== undefined && change.created_at < createdAt ? change.created_at : createdAt;
        changed ||= nextFirst !== firstSeen || nextLast !== lastSeen || nextCreated !== createdAt;
        if (changed) {
          const given = change.updated_at;
          const nextUpdated = given === undefined ? changedAt : given > updatedAt ? given : updatedAt;
          updateUser.run(nextFirst, nextLast, nextCreated, nextUpdated, id);
          result.wrote = true;
        }
      }
    }
    return result;
  }

  /** Validates then applies `changes` (call inside a write transaction); refuses with every problem. */
  return (
    changes: readonly UserChange[],
    noun: ItemNoun,
    known: RecordProblem[] = [],
  ): Omit<IngestResult, 'accepted'> => {
    const problems = [...known];
    const planned = plan(changes, problems);
    if (problems.length > 0) throw invalidBatch(problems, noun);
    const result = apply(planned);
    // Only a batch that changed something moves the version (a repeated batch keeps ETags valid).
    if (result.wrote) freshness.bump();
    return {
      users_created: result.users_created,
      sessions_created: result.sessions_created,
      sessions_updated: result.sessions_updated,
    };
  };
}

/** Every problem of a refused batch, in batch order, with a summary naming the first. */
export function invalidBatch(problems: RecordProblem[], noun: ItemNoun): StoreError {
  const details = problems
    .map((problem) => ({ ...problem, message: problem.message.replace(/\bitem\b/g, noun) }))
    .sort((a, b) => a.index - b.index);
  const [first] = details;
  const items = new Set(details.map((problem) => problem.index)).size;
  const message =
    `${items} ${noun}${items === 1 ? '' : 's'} of the batch cannot be applied, so nothing was applied` +
    (first === undefined ? '.' : `. ${capitalised(noun)} ${first.index}, ${first.field}: ${first.message}.`);
  return new StoreError('invalid', message, { details });
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * MongoDB-style ObjectIds for users created here: 4 bytes of creation time in seconds, 5 random
 * bytes per process, a 3-byte counter. Time first keeps the `_id` index append-mostly.
 */
function createObjectIdFactory(): (createdAtMs: number) => string {
  const processPart = randomBytes(5).toString('hex');
  let counter = randomBytes(3).readUIntBE(0, 3);
  return (createdAtMs) => {
    counter = (counter + 1) & 0xffffff;
    const seconds = Math.max(0, Math.floor(createdAtMs / 1000)) >>> 0;
    return seconds.toString(16).padStart(8, '0') + processPart + counter.toString(16).padStart(6, '0');
  };
}

/**
 * A version-7 UUID (RFC 9562): 48 bits of milliseconds, then random bits. Unique like a random
 * UUID, but time-ordered, so the ductape_user_id index takes new users at its end instead of a
 * random leaf page each (one random page write fewer per new user).
 */
export function uuidV7(ms: number): string {
  // randomUUID draws from a cached pool of random bytes (randomBytes(16) per call is several times
  // slower); its first 48 bits give way to the time, its version digit to 7. The variant stays.
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
