import type { Sql, TransactionSql } from 'postgres';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import { changesFromDocuments } from '../ingest-changes.ts';
import { createNewIds, NOTHING_STORED, planWrites, type UserInsert } from '../ingest-plan.ts';
import type { BulkImport } from '../source.ts';
import { createPgBulkAggregates } from './pg-bulk-aggregates.ts';
import { analyzeAfterLoad, copyLines, copyText, dropIndexes } from './pg-bulk.ts';
import { toStoreError } from './pg-errors.ts';
import { bumpDataVersion, registerScopes, scopeKey } from './pg-writes.ts';

/** A unique index or key that cannot be built: two rows share a key. */
const UNIQUE_VIOLATION = '23505';

/**
 * `npm run import` into an EMPTY PostgreSQL store, as fast as the seed (pg-bulk.ts): one
 * transaction over the whole import on one connection, users and sessions sent by COPY batch by
 * batch, with the indexes and the user_sessions keys dropped at the start and built once at the
 * end by sorting, and the overview's session aggregates summed in JS as the batches pass
 * (pg-bulk-aggregates.ts; the user counts and hours are kept by their statement-level triggers,
 * one grouped change per COPY). Each batch
 * is checked against itself only, by the same rules as ingest (nothing is stored to find); a
 * user, _id, ductape_user_id or session_id repeated across batches fails its unique index build:
 * `finish` then rolls everything back and answers 'repeats' (the caller imports the exact way).
 * Nothing is visible to other servers until the commit; killed midway, nothing is kept.
 * While it runs, the dropped indexes' tables are locked: reads of the (empty) store wait.
 *
 * A batch is parsed and checked while PostgreSQL still writes the one before (its COPY is not
 * awaited until the next call), so the two processes work at the same time.
 */
export function createPgBulkImporter(sql: Sql, now: () => number) {
  return async (): Promise<BulkImport | undefined> => {
    const [probe] = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM products) AS any`;
    if (probe?.any === true) return undefined;
    const reserved = await sql.reserve();
    // One connection holds the transaction across calls (sql.begin would need them inside one
    // callback); on it, the statements a transaction runs.
    const conn = reserved as unknown as TransactionSql;
    let open = true;
    const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        await conn.unsafe(statement);
      } finally {
        reserved.release();
      }
    };
    let rebuild: string[];
    let nextId: number;
    try {
      await conn`BEGIN`;
      await conn`SET LOCAL statement_timeout = 0`;
      // Each index build sorts in the server's memory up to this much, then in temporary files.
      await conn`SET LOCAL maintenance_work_mem = '256MB'`;
      await conn`SELECT data_version FROM store_state FOR UPDATE`;
      // Checked again under the lock: another process may have written in between.
      const [state] = await conn<{ any: boolean; base: number }[]>`
        SELECT EXISTS (SELECT 1 FROM products) AS any, coalesce((SELECT max(id) FROM session_users), 0)::int AS base`;
      if (state?.any === true) {
        await end('ROLLBACK');
        return undefined;
      }
      nextId = (state?.base ?? 0) + 1;
      rebuild = await dropIndexes(conn);
      // Its per-user check reads the primary key, which is gone until the end: summed once then instead.
      await conn`ALTER TABLE user_sessions DISABLE TRIGGER user_sessions_overview_on_insert`;
    } catch (error) {
      await end('ROLLBACK').catch(() => undefined);
      throw toStoreError(error);
    }

    const ids = createNewIds();
    const sessionRefs = new Map<string, number>();
    const aggregates = createPgBulkAggregates(
      conn,
      (product, session) => {
        const ref = sessionRefs.get(scopeKey(product, session));
        if (ref === undefined) throw new Error(`Session "${session}" of product "${product}" is not registered`);
        return ref;
      },
      now,
    );
    let writing: Promise<void> = Promise.resolve();

    const write = async (users: readonly UserInsert[]) => {
      const unknown = users.filter(({ change: c }) => !sessionRefs.has(scopeKey(c.product, c.session)));
      if (unknown.length > 0) {
        for (const [scope, ref] of await registerScopes(
          conn,
          unknown.map((user) => user.change),
        )) {
          sessionRefs.set(scope, ref);
        }
      }
      const first = nextId;
      nextId += users.length;
      await copyLines(await copyUsers(conn).writable(), userLines(users, first, sessionRefs));
      await copyLines(await copySessions(conn).writable(), sessionLines(users, first));
      await aggregates.add(users.map((user) => user.change));
    };

    return {
      add: async (docs: readonly UserDocument[]) => {
        await writing.catch((error: unknown) => {
          throw toStoreError(error);
        });
        const plan = planWrites(changesFromDocuments(docs), 'document', NOTHING_STORED, ids, now());
        writing = write(plan.newUsers);
        // Awaited by the next call (or finish); meanwhile a failure must not go unhandled.
        writing.catch(() => undefined);
        return { accepted: docs.length, ...plan.result };
      },
      async finish(onIndexing) {
        try {
          await writing;
          onIndexing?.();
          // Before the aggregates' references to their session are added back (dropIndexes).
          await aggregates.finish();
          for (const statement of rebuild) await conn.unsafe(statement);
        } catch (error) {
          await end('ROLLBACK').catch(() => undefined);
          if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return 'repeats';
          throw toStoreError(error);
        }
        try {
          await conn`ALTER TABLE user_sessions ENABLE TRIGGER user_sessions_overview_on_insert`;
          await conn`SELECT setval(pg_get_serial_sequence('session_users', 'id'), greatest((SELECT max(id) FROM session_users), 1))`;
          await bumpDataVersion(conn);
          await end('COMMIT');
        } catch (error) {
          await end('ROLLBACK').catch(() => undefined);
          throw toStoreError(error);
        }
        await analyzeAfterLoad(sql).catch((error: unknown) => {
          throw toStoreError(error);
        });
        return 'done';
      },
      abandon: async () => {
        await writing.catch(() => undefined);
        await end('ROLLBACK').catch(() => undefined);
      },
    };
  };
}

const copyUsers = (conn: TransactionSql) =>
  conn`COPY session_users (id, _id, ductape_user_id, session_ref, env, identifier, first_seen, last_seen, created_at, updated_at) FROM STDIN`;
const copySessions = (conn: TransactionSql) =>
  conn`COPY user_sessions (user_ref, start_at, session_id, end_at, revoked, revoked_at) FROM STDIN`;

function* userLines(users: readonly UserInsert[], first: number, refs: Map<string, number>): Generator<string> {
  let id = first;
  for (const { change: c, _id, ductape_user_id, created_at, updated_at } of users) {
    const ref = refs.get(scopeKey(c.product, c.session));
    if (ref === undefined) throw new Error(`Session "${c.session}" of product "${c.product}" is not registered`);
    yield `${id}\t${copyText(_id)}\t${copyText(ductape_user_id)}\t${ref}\t${copyText(c.env)}\t${copyText(c.identifier)}\t${c.first_seen}\t${c.last_seen}\t${created_at}\t${updated_at}\n`;
    id += 1;
  }
}

function* sessionLines(users: readonly UserInsert[], first: number): Generator<string> {
  let id = first;
  for (const { change } of users) {
    for (const s of change.sessions) {
      yield `${id}\t${s.start_at}\t${copyText(s.session_id)}\t${s.end_at}\t${s.revoked ? 't' : 'f'}\t${s.revoked_at ?? '\\N'}\n`;
    }
    id += 1;
  }
}
