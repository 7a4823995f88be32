import type { Sql, TransactionSql } from 'postgres';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { BulkLoadOptions, BulkProduct, BulkUser } from '../dashboard-store.ts';
import { storedTime } from '../stored-time.ts';
import { bumpDataVersion } from './pg-writes.ts';

const PROGRESS_EVERY = 1_000;
const CHUNK_CHARS = 1 << 16;

/** A value in COPY's text format. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/** Writes lines to a COPY stream in chunks, waiting whenever the socket is full. */
export async function copyLines(stream: Writable, lines: Iterable<string>): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= CHUNK_CHARS) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk !== '') stream.write(chunk);
  stream.end();
  await once(stream, 'finish');
}

/** Indexes and constraints dropped for a load into empty tables, then rebuilt by sorting once. */
export async function dropIndexes(tx: TransactionSql): Promise<string[]> {
  const constraints = await tx<{ table: string; name: string; definition: string }[]>`
    SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint
     WHERE (conrelid = 'user_sessions'::regclass AND contype IN ('p', 'f'))
        -- Users' and the aggregates' references to their session: one check per row written, one
        -- join when added back.
        OR (conrelid IN ('session_users'::regclass, 'user_counts'::regclass, 'user_hours'::regclass,
                         'session_days'::regclass, 'session_end_hours'::regclass, 'session_ends'::regclass,
                         'session_end_minutes'::regclass) AND contype = 'f')
     ORDER BY contype`;
  const indexes = await tx<{ name: string; definition: string }[]>`
    SELECT indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename IN ('session_users', 'user_sessions')
       AND indexname NOT IN ('session_users_pkey', 'user_sessions_pkey')`;
  for (const constraint of constraints) {
    await tx.unsafe(`ALTER TABLE ${constraint.table} DROP CONSTRAINT ${quoted(constraint.name)}`);
  }
  for (const index of indexes) await tx.unsafe(`DROP INDEX ${quoted(index.name)}`);
  return [
    ...indexes.map((index) => index.definition),
    // The primary key first (foreign keys and readers want it), then the reference to users.
    ...constraints.reverse().map((c) => `ALTER TABLE ${c.table} ADD CONSTRAINT ${quoted(c.name)} ${c.definition}`),
  ];
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The overview's session aggregates (migration 3) from every session: used after a load into empty tables. */
export async function fillSessionAggregates(tx: TransactionSql): Promise<void> {
  // Each statement joins every session to its user and groups millions of keys: with the default
  // 4 MB (or the cluster's setting) its hashes spill to temporary files in batches.
  await tx`SET LOCAL work_mem = '256MB'`;
  await tx`
    INSERT INTO session_days (session_ref, env, day, sessions_started, users_seen)
    SELECT u.session_ref, u.env, d.day, sum(d.n), count(*)
      FROM (SELECT user_ref, left(start_at, 10) AS day, count(*) AS n FROM user_sessions GROUP BY user_ref, day) d
      JOIN session_users u ON u.id = d.user_ref
     GROUP BY u.session_ref, u.env, d.day
    ON CONFLICT (session_ref, env, day) DO UPDATE SET
      sessions_started = session_days.sessions_started + EXCLUDED.sessions_started,
      users_seen = session_days.users_seen + EXCLUDED.users_seen`;
  await tx`
    INSERT INTO session_end_hours (session_ref, env, hour, sessions)
    SELECT u.session_ref, u.env, left(s.end_at, 13) AS hour, count(*)
      FROM user_sessions s JOIN session_users u ON u.id = s.user_ref
     WHERE NOT s.revoked GROUP BY u.session_ref, u.env, hour
    ON CONFLICT (session_ref, env, hour) DO UPDATE SET sessions = session_end_hours.sessions + EXCLUDED.sessions`;
  // Exact ends more than 7 days before the newest session start can no longer be in the future
  // (the rule the insert trigger applies): not kept, so the table holds about the sessions running,
  // not one row per session ever loaded (10 M rows at a million users).
  await tx`
    INSERT INTO session_ends (session_ref, env, end_at, sessions)
    SELECT u.session_ref, u.env, s.end_at, count(*)
      FROM user_sessions s JOIN session_users u ON u.id = s.user_ref
     WHERE NOT s.revoked
       AND s.end_at >= (SELECT to_char(left(max(start_at), 10)::date - 7, 'YYYY-MM-DD') FROM user_sessions)
     GROUP BY u.session_ref, u.env, s.end_at
    ON CONFLICT (session_ref, env, end_at) DO UPDATE SET sessions = session_ends.sessions + EXCLUDED.sessions`;
}

/**
 * Filling PostgreSQL with generated data by COPY: users in one pass, their sessions in a second
 * pass over the same (deterministic) users, each streamed, so memory stays flat at any size.
 * Into empty tables the indexes are dropped first and rebuilt at the end. One transaction: an
 * interrupted load leaves the store as it was; other servers see all of it or none of it.
 */
export async function pgBulkLoad(
  sql: Sql,
  products: readonly BulkProduct[],
  users: () => Iterable<BulkUser>,
  options: BulkLoadOptions = {},
): Promise<{ users: number; sessions: number } | undefined> {
  const result = await sql.begin(async (tx) => {
    await tx`SET LOCAL statement_timeout = 0`;
    await tx`SELECT data_version FROM store_state FOR UPDATE`;
    const [state] = await tx<{ any: boolean; base: number }[]>`
      SELECT EXISTS (SELECT 1 FROM products) AS any, coalesce((SELECT max(id) FROM session_users), 0)::int AS base`;
    if (options.onlyIfEmpty === true && state?.any === true) return undefined;
    for (const product of products) {
      await tx`INSERT INTO products (tag) VALUES (${product.tag}) ON CONFLICT (tag) DO NOTHING`;
      for (const env of product.envs) {
        await tx`INSERT INTO product_envs (product_id, env) SELECT id, ${env} FROM products WHERE tag = ${product.tag}
                 ON CONFLICT DO NOTHING`;
      }
      for (const session of product.sessions) {
        await tx`INSERT INTO product_sessions (product_id, tag) SELECT id, ${session} FROM products WHERE tag = ${product.tag}
                 ON CONFLICT DO NOTHING`;
      }
    }
    const refRows = await tx<{ product: string; session: string; ref: number }[]>`
      SELECT p.tag AS product, s.tag AS session, s.id AS ref FROM product_sessions s JOIN products p ON p.id = s.product_id`;
    const refs = new Map(refRows.map((row) => [JSON.stringify([row.product, row.session]), row.ref]));
    const base = state?.base ?? 0;
    const rebuild = base === 0 ? await dropIndexes(tx) : [];
    // Without the primary key the overview's per-statement check (one key range per user and day)
    // would scan the table per user: into empty tables its aggregates are filled once after the load.
    if (base === 0) await tx`ALTER TABLE user_sessions DISABLE TRIGGER user_sessions_overview_on_insert`;

    let written = 0;
    function* userLines(): Generator<string> {
      let id = base;
      for (const { user } of users()) {
        id += 1;
        const ref = refs.get(JSON.stringify([user.product, user.session]));
        if (ref === undefined)
          throw new Error(`Session "${user.session}" of product "${user.product}" is not registered`);
        yield `${id}\t${user._id}\t${copyText(user.ductape_user_id)}\t${ref}\t${copyText(user.env)}\t${copyText(user.identifier)}\t${storedTime(user.first_seen)}\t${storedTime(user.last_seen)}\t${storedTime(user.created_at)}\t${storedTime(user.updated_at)}\n`;
        written += 1;
        if (written % PROGRESS_EVERY === 0) options.onProgress?.(written);
      }
    }
    let sessions = 0;
    function* sessionLines(): Generator<string> {
      let id = base;
      for (const { sessions: userSessions } of users()) {
        id += 1;
        for (const session of userSessions) {
          sessions += 1;
          yield `${id}\t${storedTime(session.start_at)}\t${copyText(session.session_id)}\t${storedTime(session.end_at)}\t${session.revoked ? 't' : 'f'}\n`;
        }
      }
    }
    await copyLines(
      await tx`COPY session_users (id, _id, ductape_user_id, session_ref, env, identifier, first_seen, last_seen, created_at, updated_at) FROM STDIN`.writable(),
      userLines(),
    );
    options.onProgress?.(written);
    await copyLines(
      await tx`COPY user_sessions (user_ref, start_at, session_id, end_at, revoked) FROM STDIN`.writable(),
      sessionLines(),
    );
    options.onIndexing?.();
    // Before the aggregates' references to their session are added back (dropIndexes).
    if (base === 0) await fillSessionAggregates(tx);
    for (const statement of rebuild) await tx.unsafe(statement);
    if (base === 0) await tx`ALTER TABLE user_sessions ENABLE TRIGGER user_sessions_overview_on_insert`;
    await tx`SELECT setval(pg_get_serial_sequence('session_users', 'id'), greatest((SELECT max(id) FROM session_users), 1))`;
    await bumpDataVersion(tx);
    return { users: written, sessions };
  });
  if (result !== undefined) await analyzeAfterLoad(sql);
  return result;
}

/**
 * Fresh statistics for the planner, and a visibility map so histories are read from the index alone.
 * VACUUM cannot run in a transaction block: on one connection, without the statement timeout
 * (at a million users it takes longer than any read may).
 */
export async function analyzeAfterLoad(sql: Sql): Promise<void> {
  const conn = await sql.reserve();
  try {
    await conn`SET statement_timeout = 0`;
    await conn`VACUUM (ANALYZE) session_users, user_sessions, user_counts, user_hours, session_days, session_end_hours, session_ends,
                             search_identifiers, session_end_minutes, user_days`;
    await conn`RESET statement_timeout`;
  } finally {
    conn.release();
  }
}

/** Empties every data table at once (TRUNCATE frees whole files); the store state stays. */
export async function pgClear(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT data_version FROM store_state FOR UPDATE`;
    await tx`TRUNCATE user_sessions, session_users, user_counts, user_hours, session_days, session_end_hours, session_ends,
                 search_identifiers, session_end_minutes, user_days, session_end_horizons,
                 product_sessions, product_envs, products RESTART IDENTITY`;
    await bumpDataVersion(tx);
  });
}
