import type { Sql, TransactionSql } from 'postgres';
import type { IngestResult } from '../../../src/contract/ingest.ts';
import type { RecordProblem } from '../../../src/contract/session-users.ts';
import type { EndsForgetter } from './pg-forget-ends.ts';
import {
  createNewIds,
  planWrites,
  type ExistingUser,
  type ItemNoun,
  type StoredSession,
  type StoreLookups,
  type UserChange,
  type WritePlan,
} from '../ingest-plan.ts';

/** The channel a committed write is announced on (its payload: the new data version); migration 7's ingest_apply names it too. */
export const DATA_CHANNEL = 'session_users_data';

const key = (...parts: string[]) => JSON.stringify(parts);

/**
 * Everything the shared rules (../ingest-plan.ts) may ask about a batch, fetched in four
 * set-based queries instead of one query per record; the answers are kept in maps.
 */
async function loadLookups(tx: TransactionSql, changes: readonly UserChange[]): Promise<StoreLookups> {
  // One unique-index probe per key (LATERAL … OFFSET 0): the planner cannot size a JSON list, and
  // left to itself may hash-join it against a whole table, which at millions of rows is seconds.
  const probe = (from: string, columns: string) => tx.unsafe(`SELECT ${columns} FROM ${from} OFFSET 0`);
  const userKeys = changes.map((change) => ({
    product: change.product,
    session: change.session,
    env: change.env,
    identifier: change.identifier,
  }));
  const objectIds = changes.flatMap((change) => (change._id === undefined ? [] : [change._id]));
  const ductapeIds = changes.flatMap((change) =>
    change.ductape_user_id === undefined ? [] : [change.ductape_user_id],
  );
  const sessionIds = changes.flatMap((change) => change.sessions.map((session) => session.session_id));

  const [users, takenObjectIds, takenDuctapeIds, sessions] = await Promise.all([
    tx<(ExistingUser & { product: string; session: string; env: string; identifier: string })[]>`
      SELECT u.id AS ref, u._id, u.ductape_user_id, u.first_seen, u.last_seen, u.created_at, u.updated_at,
             k.product, k.session, u.env, u.identifier
        FROM json_to_recordset(${JSON.stringify(userKeys)}::text::json) AS k(product text, session text, env text, identifier text)
        JOIN products p ON p.tag = k.product COLLATE "C"
        JOIN product_sessions s ON s.product_id = p.id AND s.tag = k.session COLLATE "C"
        CROSS JOIN LATERAL (${probe('session_users u WHERE u.session_ref = s.id AND u.identifier = k.identifier COLLATE "C" AND u.env = k.env COLLATE "C"', 'u.*')}) u`,
    objectIds.length === 0
      ? []
      : tx<{ _id: string }[]>`
          SELECT t._id FROM json_array_elements_text(${JSON.stringify(objectIds)}::text::json) AS k(id)
           CROSS JOIN LATERAL (${probe('session_users WHERE _id = k.id COLLATE "C"', '_id')}) t`,
    ductapeIds.length === 0
      ? []
      : tx<{ ductape_user_id: string }[]>`
          SELECT t.ductape_user_id FROM json_array_elements_text(${JSON.stringify(ductapeIds)}::text::json) AS k(id)
           CROSS JOIN LATERAL (${probe('session_users WHERE ductape_user_id = k.id COLLATE "C"', 'ductape_user_id')}) t`,
    sessionIds.length === 0
      ? []
      : tx<(StoredSession & { session_id: string })[]>`
          SELECT t.* FROM json_array_elements_text(${JSON.stringify(sessionIds)}::text::json) AS k(id)
           CROSS JOIN LATERAL (${probe('user_sessions WHERE session_id = k.id COLLATE "C"', 'session_id, user_ref, start_at, end_at, revoked, revoked_at')}) t`,
  ]);
  const usersByKey = new Map(users.map((row) => [key(row.product, row.session, row.env, row.identifier), row]));
  const objectIdSet = new Set(takenObjectIds.map((row) => row._id));
  const ductapeIdSet = new Set(takenDuctapeIds.map((row) => row.ductape_user_id));
  const sessionsById = new Map(sessions.map((row) => [row.session_id, row]));
  return {
    existingUser: (product, session, env, identifier) => usersByKey.get(key(product, session, env, identifier)),
    objectIdTaken: (id) => objectIdSet.has(id),
    ductapeIdTaken: (id) => ductapeIdSet.has(id),
    storedSession: (sessionId) => sessionsById.get(sessionId),
  };
}

/** The key of a (product, session) in `registerScopes`' answer. */
export const scopeKey = (product: string, session: string) => key(product, session);

/**
 * Registers the products, environments and sessions that new users name (set-based, each once),
 * and answers each (product, session)'s row id, keyed by `scopeKey`.
 */
export async function registerScopes(tx: TransactionSql, changes: readonly UserChange[]): Promise<Map<string, number>> {
  const scopes = [...new Map(changes.map((c) => [key(c.product, c.session, c.env), c])).values()].map((c) => ({
    product: c.product,
    session: c.session,
    env: c.env,
  }));
  const scopeJson = JSON.stringify(scopes);
  await tx`
      INSERT INTO products (tag)
      SELECT DISTINCT product FROM json_to_recordset(${scopeJson}::text::json) AS k(product text)
      ON CONFLICT (tag) DO NOTHING`;
  await tx`
      INSERT INTO product_envs (product_id, env)
      SELECT DISTINCT p.id, k.env FROM json_to_recordset(${scopeJson}::text::json) AS k(product text, env text)
        JOIN products p ON p.tag = k.product COLLATE "C"
      ON CONFLICT DO NOTHING`;
  const sessionRows = await tx<{ product: string; session: string; ref: number }[]>`
      WITH wanted AS (
        SELECT DISTINCT p.id AS product_id, k.product, k.session
          FROM json_to_recordset(${scopeJson}::text::json) AS k(product text, session text)
          JOIN products p ON p.tag = k.product COLLATE "C"),
      added AS (
        INSERT INTO product_sessions (product_id, tag) SELECT product_id, session FROM wanted
        ON CONFLICT (product_id, tag) DO NOTHING RETURNING id, product_id, tag)
      SELECT w.product, w.session, coalesce(a.id, s.id) AS ref FROM wanted w
        LEFT JOIN added a ON a.product_id = w.product_id AND a.tag = w.session COLLATE "C"
        LEFT JOIN product_sessions s ON s.product_id = w.product_id AND s.tag = w.session COLLATE "C"`;
  return new Map(sessionRows.map((row) => [scopeKey(row.product, row.session), row.ref]));
}

/**
 * Applies a plan in one call (migration 7's ingest_apply): scopes, new users, their sessions,
 * other users' new sessions, session and user updates, the data version and its NOTIFY.
 * New users' sessions name their user by _id: its row id is only known once it is inserted.
 */
async function applyPlan(tx: TransactionSql, plan: WritePlan): Promise<void> {
  const json = (rows: readonly unknown[]) => (rows.length === 0 ? null : JSON.stringify(rows));
  const scopes = new Map<string, { product: string; session: string; env: string }>();
  const users = plan.newUsers.map(({ change: c, _id, ductape_user_id, created_at, updated_at }) => {
    scopes.set(key(c.product, c.session, c.env), { product: c.product, session: c.session, env: c.env });
    return {
      _id,
      ductape_user_id,
      product: c.product,
      session: c.session,
      env: c.env,
      identifier: c.identifier,
      first_seen: c.first_seen,
      last_seen: c.last_seen,
      created_at,
      updated_at,
    };
  });
  const sessions = [
    ...plan.newUsers.flatMap((user) =>
      user.change.sessions.map((session) => ({ user_oid: user._id, ...sessionColumns(session) })),
    ),
    ...plan.sessionInserts.map(({ user_ref, session }) => ({ user_ref, ...sessionColumns(session) })),
  ];
  await tx`SELECT ingest_apply(${json([...scopes.values()])}, ${json(users)}, ${json(sessions)},
                               ${json(plan.sessionUpdates)}, ${json(plan.userUpdates)})`;
}

function sessionColumns(session: UserChange['sessions'][number]) {
  return {
    start_at: session.start_at,
    session_id: session.session_id,
    end_at: session.end_at,
    revoked: session.revoked,
    revoked_at: session.revoked_at,
  };
}

/**
 * Ingest and import on PostgreSQL: one transaction that first locks the store-state row (writers
 * take turns, like SQLite's write lock, so nothing moves between the checks and the writes), asks
 * the shared rules what to write, writes it, and moves the data version (announced with NOTIFY)
 * only when something changed: a repeated batch keeps every ETag valid.
 */
export function createPgUpserter(
  sql: Sql,
  now: () => number,
  forgetter: Pick<EndsForgetter, 'writing' | 'ended'> = { writing: () => {}, ended: () => {} },
) {
  const ids = createNewIds();
  return async (
    changes: readonly UserChange[],
    noun: ItemNoun,
    known: RecordProblem[] = [],
    dryRun = false,
  ): Promise<Omit<IngestResult, 'accepted'>> => {
    let result: Omit<IngestResult, 'accepted'> | undefined;
    let wrote = false;
    forgetter.writing();
    try {
      await sql.begin(async (tx) => {
        // One round trip: the lock and the lookups go out together (pipelined), in this order.
        const [, lookups] = await Promise.all([
          tx`SELECT data_version FROM store_state FOR UPDATE`,
          loadLookups(tx, changes),
        ]);
        const plan = planWrites(changes, noun, lookups, ids, now(), known);
        result = plan.result;
        wrote = plan.wrote;
        if (plan.wrote) {
          await applyPlan(tx, plan);
        }
        // A dry run applies the batch (meeting every constraint) and always rolls back.
        if (dryRun) throw ROLL_BACK;
      });
    } catch (error) {
      if (error !== ROLL_BACK) throw error;
    } finally {
      forgetter.ended(wrote && !dryRun);
    }
    if (result === undefined) throw new Error('The batch gave no result');
    return result;
  };
}

const ROLL_BACK = Symbol('roll back');

/** Moves the data version on and announces it; call inside the writing transaction. */
export async function bumpDataVersion(tx: TransactionSql): Promise<void> {
  const [row] = await tx<{ version: string }[]>`
    UPDATE store_state SET data_version = data_version + 1 RETURNING database_id || '.' || data_version AS version`;
  await tx`SELECT pg_notify(${DATA_CHANNEL}, ${row?.version ?? ''})`;
}
