import { randomBytes, randomUUID } from 'node:crypto';
import type { IngestResult } from '../../src/contract/ingest.ts';
import type { RecordProblem } from '../../src/contract/session-users.ts';
import { StoreError } from './source.ts';
import { storedTime } from './stored-time.ts';

/**
 * The store-neutral half of ingest and import: which changes a batch makes, checked against what
 * the store holds (through `StoreLookups`), and what to write. Each store only looks things up
 * and writes (SQLite row by row in its transaction, PostgreSQL in a few set-based statements), so
 * both apply exactly the same rules.
 */

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

/** A stored user as the checks need it; `ref` is the store's own row id. */
export interface ExistingUser {
  ref: number;
  _id: string;
  ductape_user_id: string;
  first_seen: string;
  last_seen: string;
  created_at: string;
  updated_at: string;
}

export interface StoredSession {
  user_ref: number;
  start_at: string;
  end_at: string;
  revoked: boolean;
  revoked_at: string | null;
}

/** What a store answers about its current content (inside the write transaction). */
export interface StoreLookups {
  existingUser(product: string, session: string, env: string, identifier: string): ExistingUser | undefined;
  objectIdTaken(id: string): boolean;
  ductapeIdTaken(id: string): boolean;
  storedSession(sessionId: string): StoredSession | undefined;
}

/** The lookups of an empty store (the bulk imports): nothing is stored, so nothing is found. */
export const NOTHING_STORED: StoreLookups = {
  existingUser: () => undefined,
  objectIdTaken: () => false,
  ductapeIdTaken: () => false,
  storedSession: () => undefined,
};

interface PlannedUser {
  change: UserChange;
  existing: ExistingUser | undefined;
  sessions: { change: SessionChange; stored: StoredSession | undefined }[];
}

/** What a batch is called in messages: "record" for ingest, "document" for import. */
export type ItemNoun = 'record' | 'document';

/** A user to insert with all its sessions (a new user's sessions are all new). */
export interface UserInsert {
  change: UserChange;
  _id: string;
  ductape_user_id: string;
  created_at: string;
  updated_at: string;
}

export interface SessionInsert {
  user_ref: number;
  session: SessionChange;
}

export interface SessionUpdate {
  user_ref: number;
  start_at: string;
  session_id: string;
  end_at: string;
  revoked: boolean;
  revoked_at: string | null;
}

export interface UserUpdate {
  ref: number;
  first_seen: string;
  last_seen: string;
  created_at: string;
  updated_at: string;
}

/** Everything a valid batch writes; `wrote` is false for a batch already in the store. */
export interface WritePlan {
  newUsers: UserInsert[];
  sessionInserts: SessionInsert[];
  sessionUpdates: SessionUpdate[];
  userUpdates: UserUpdate[];
  result: Omit<IngestResult, 'accepted'>;
  wrote: boolean;
}

/**
 * Checks every change against the store and the rest of the batch (reads only, so a refused
 * batch writes nothing). Throws `StoreError('invalid')` with every problem, or returns the writes.
 * Idempotent: a change that is already in the store writes nothing and counts nothing, so a
 * repeated batch leaves the store exactly as it was.
 */
export function planWrites(
  changes: readonly UserChange[],
  noun: ItemNoun,
  lookups: StoreLookups,
  ids: NewIds,
  now: number,
  known: readonly RecordProblem[] = [],
): WritePlan {
  const problems = [...known];
  const planned = checkChanges(changes, lookups, problems);
  if (problems.length > 0) throw invalidBatch(problems, noun);
  return decideWrites(planned, ids, now);
}

function checkChanges(changes: readonly UserChange[], lookups: StoreLookups, problems: RecordProblem[]): PlannedUser[] {
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
    const existing = lookups.existingUser(change.product, change.session, change.env, change.identifier);
    if (existing !== undefined) {
      if (change._id !== undefined && change._id !== existing._id) {
        problem(index, '_id', `this user already has _id ${existing._id}`);
      }
      if (change.ductape_user_id !== undefined && change.ductape_user_id !== existing.ductape_user_id) {
        problem(index, 'ductape_user_id', `this user already has ductape_user_id "${existing.ductape_user_id}"`);
      }
    } else {
      const id = change._id;
      if (id !== undefined && (lookups.objectIdTaken(id) || objectIds.has(id))) {
        problem(index, '_id', `_id ${id} already belongs to another user`);
      } else if (id !== undefined) objectIds.set(id, index);
      const ductapeId = change.ductape_user_id;
      if (ductapeId !== undefined && (lookups.ductapeIdTaken(ductapeId) || ductapeIds.has(ductapeId))) {
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
      const stored = lookups.storedSession(session.session_id);
      if (stored !== undefined) {
        if (existing === undefined || stored.user_ref !== existing.ref) {
          problem(
            session.index,
            `${session.at}session_id`,
            'session_id already belongs to another user, session or environment',
          );
        } else if (stored.start_at !== session.start_at) {
          problem(
            session.index,
            `${session.at}start_at`,
            `this session started at ${stored.start_at}: a session's start_at cannot change`,
          );
        }
      }
      return { change: session, stored };
    });
    return { change, existing, sessions };
  });
}

function decideWrites(planned: readonly PlannedUser[], ids: NewIds, now: number): WritePlan {
  const changedAt = storedTime(now);
  const plan: WritePlan = {
    newUsers: [],
    sessionInserts: [],
    sessionUpdates: [],
    userUpdates: [],
    result: { users_created: 0, sessions_created: 0, sessions_updated: 0 },
    wrote: false,
  };
  for (const { change, existing, sessions } of planned) {
    if (existing === undefined) {
      plan.newUsers.push({
        change,
        _id: change._id ?? ids.objectId(now),
        ductape_user_id: change.ductape_user_id ?? ids.ductapeId(now),
        created_at: change.created_at ?? changedAt,
        updated_at: change.updated_at ?? changedAt,
      });
      plan.result.users_created += 1;
      plan.result.sessions_created += change.sessions.length;
      plan.wrote = true;
      continue;
    }
    let changed = false;
    for (const { change: session, stored } of sessions) {
      if (stored === undefined) {
        plan.sessionInserts.push({ user_ref: existing.ref, session });
        plan.result.sessions_created += 1;
        changed = true;
        continue;
      }
      // A later end is a refresh (an earlier one changes nothing); a revocation is for good.
      const nextEnd = session.end_at > stored.end_at ? session.end_at : stored.end_at;
      const nextRevoked = stored.revoked || session.revoked;
      const nextRevokedAt = stored.revoked_at ?? session.revoked_at;
      if (nextEnd !== stored.end_at || nextRevoked !== stored.revoked || nextRevokedAt !== stored.revoked_at) {
        plan.sessionUpdates.push({
          user_ref: existing.ref,
          start_at: stored.start_at,
          session_id: session.session_id,
          end_at: nextEnd,
          revoked: nextRevoked,
          revoked_at: nextRevokedAt,
        });
        plan.result.sessions_updated += 1;
        changed = true;
      }
    }
    const nextFirst = change.first_seen < existing.first_seen ? change.first_seen : existing.first_seen;
    const nextLast = change.last_seen > existing.last_seen ? change.last_seen : existing.last_seen;
    const nextCreated =
      change.created_at !== undefined && change.created_at < existing.created_at
        ? change.created_at
        : existing.created_at;
    changed ||=
      nextFirst !== existing.first_seen || nextLast !== existing.last_seen || nextCreated !== existing.created_at;
    if (changed) {
      const given = change.updated_at;
      const nextUpdated = given === undefined ? changedAt : given > existing.updated_at ? given : existing.updated_at;
      plan.userUpdates.push({
        ref: existing.ref,
        first_seen: nextFirst,
        last_seen: nextLast,
        created_at: nextCreated,
        updated_at: nextUpdated,
      });
      plan.wrote = true;
    }
  }
  return plan;
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

/** Id makers for new users: one per store, so ObjectIds share a process part and a counter. */
export interface NewIds {
  objectId(createdAtMs: number): string;
  ductapeId(createdAtMs: number): string;
}

export function createNewIds(): NewIds {
  return { objectId: createObjectIdFactory(), ductapeId: uuidV7 };
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
function uuidV7(ms: number): string {
  // randomUUID draws from a cached pool of random bytes (randomBytes(16) per call is several times
  // slower); its first 48 bits give way to the time, its version digit to 7. The variant stays.
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
