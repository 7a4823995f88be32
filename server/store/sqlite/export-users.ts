import Database from 'better-sqlite3';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import type { ExportUsersOptions } from '../source.ts';
import { toSessionUser, USER_COLUMNS, type UserRow } from './user-rows.ts';

type SessionTuple = [sessionId: string, startAt: string, endAt: string, revoked: number, revokedAt: string | null];

/**
 * Every user with all their sessions as user documents, ordered by product, session, env, _id.
 * A file store is read through a connection of its own inside one read transaction: the export
 * is one consistent snapshot however long it takes, and the server's connection stays free.
 * Memory holds one session type's row ids (8 bytes a user) and one user at a time.
 */
export function createUserExporter(db: Database.Database, now: () => number) {
  return async function* exportUsers(options: ExportUsersOptions = {}): AsyncGenerator<UserDocument> {
    const separate = db.name !== ':memory:' && db.name !== '';
    const source = separate ? new Database(db.name, { readonly: true, fileMustExist: true }) : db;
    try {
      if (separate) {
        source.pragma('busy_timeout = 5000');
        source.exec('BEGIN');
      }
      const sessionTypes = source
        .prepare<[{ product: string | null; session: string | null }], [ref: number, product: string, session: string]>(
          `SELECT s.id, p.tag, s.tag FROM product_sessions s JOIN products p ON p.id = s.product_id
            WHERE (@product IS NULL OR p.tag = @product) AND (@session IS NULL OR s.tag = @session)
            ORDER BY p.tag, s.tag`,
        )
        .raw()
        .all({ product: options.product ?? null, session: options.session ?? null });
      const userIds = source
        .prepare<[number], number>('SELECT id FROM session_users WHERE session_ref = ? ORDER BY env, _id')
        .pluck();
      const userRow = source.prepare<[number], UserRow>(`SELECT ${USER_COLUMNS} FROM session_users WHERE id = ?`).raw();
      const sessionsJson = source
        .prepare<[number], string>(
          `SELECT json_group_array(json_array(session_id, start_at, end_at, revoked, revoked_at)) FROM (
             SELECT session_id, start_at, end_at, revoked, revoked_at FROM user_sessions
              WHERE user_ref = ? ORDER BY start_at DESC, session_id DESC)`,
        )
        .pluck();
      for (const [ref, product, session] of sessionTypes) {
        for (const id of userIds.all(ref)) {
          const row = userRow.get(id);
          if (row === undefined) continue;
          const at = new Date(now()).toISOString();
          const sessions = (JSON.parse(sessionsJson.get(id) ?? '[]') as SessionTuple[]).map(
            ([sessionId, startAt, endAt, revoked, revokedAt]) => ({
              session_id: sessionId,
              start_at: startAt,
              end_at: endAt,
              active: revoked !== 1 && endAt > at,
              revoked: revoked === 1,
              revoked_at: revokedAt,
            }),
          );
          yield { ...toSessionUser(row, product, session), sessions };
        }
      }
    } finally {
      if (separate) source.close();
    }
  };
}
