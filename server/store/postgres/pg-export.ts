import type { Sql } from 'postgres';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import type { ExportUsersOptions } from '../source.ts';
import { PG_USER_COLUMNS, toSessionUser, type PgUserRow } from './pg-reads.ts';

type SessionTuple = [sessionId: string, startAt: string, endAt: string, revoked: boolean, revokedAt: string | null];

const USERS_PER_FETCH = 500;

/**
 * Every user with all their sessions as user documents, ordered by product, session, env, _id
 * (byte-wise, like SQLite). One reserved connection in one REPEATABLE READ transaction: the export
 * is one consistent snapshot however long it takes. A cursor fetches 500 users at a time, with
 * their sessions in one query per fetch, so memory holds one fetch.
 */
export function createPgUserExporter(sql: Sql, now: () => number) {
  return async function* exportUsers(options: ExportUsersOptions = {}): AsyncGenerator<UserDocument> {
    const reserved = await sql.reserve();
    let open = false;
    try {
      await reserved`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`;
      open = true;
      await reserved`SET LOCAL statement_timeout = 0`;
      const sessionTypes = await reserved<{ ref: number; product: string; session: string }[]>`
        SELECT s.id AS ref, p.tag AS product, s.tag AS session FROM product_sessions s JOIN products p ON p.id = s.product_id
         WHERE (${options.product ?? null}::text IS NULL OR p.tag = ${options.product ?? ''})
           AND (${options.session ?? null}::text IS NULL OR s.tag = ${options.session ?? ''})
         ORDER BY p.tag, s.tag`;
      for (const { ref, product, session } of sessionTypes) {
        // A cursor declared in SQL (not the client's): other queries can run between its fetches.
        await reserved`DECLARE export_users NO SCROLL CURSOR FOR
          SELECT u.id, ${reserved.unsafe(PG_USER_COLUMNS)} FROM session_users u WHERE u.session_ref = ${ref}
           ORDER BY u.env, u._id`;
        for (;;) {
          const users = await reserved<
            (PgUserRow & { id: number })[]
          >`FETCH ${reserved.unsafe(String(USERS_PER_FETCH))} FROM export_users`;
          if (users.length === 0) break;
          const histories = await historiesOf(users.map((user) => user.id));
          const at = new Date(now()).toISOString();
          for (const user of users) {
            const sessions = (histories.get(user.id) ?? []).map(([sessionId, startAt, endAt, revoked, revokedAt]) => ({
              session_id: sessionId,
              start_at: startAt,
              end_at: endAt,
              active: !revoked && endAt > at,
              revoked,
              revoked_at: revokedAt,
            }));
            yield { ...toSessionUser(user, product, session), sessions };
          }
        }
        await reserved`CLOSE export_users`;
      }
      await reserved`COMMIT`;
      open = false;
    } finally {
      if (open) await reserved`ROLLBACK`.catch(() => undefined);
      reserved.release();
    }

    async function historiesOf(ids: number[]): Promise<Map<number, SessionTuple[]>> {
      const rows = await reserved<{ user_ref: number; sessions: string }[]>`
        SELECT user_ref, json_agg(json_build_array(session_id, start_at, end_at, revoked, revoked_at)
                                  ORDER BY start_at DESC, session_id DESC)::text AS sessions
          FROM user_sessions WHERE user_ref IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::text::json)::int)
         GROUP BY user_ref`;
      return new Map(rows.map((row) => [row.user_ref, JSON.parse(row.sessions) as SessionTuple[]]));
    }
  };
}
