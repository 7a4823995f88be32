import type { Database } from 'better-sqlite3';

import type { UserById } from '../../../src/contract/session-users.ts';
import { notFound } from '../source.ts';
import { toSessionUser, type UserRow } from './user-rows.ts';

type UserByIdRow = [...UserRow, product: string, session: string, sessionCount: number];

/** The platform's `sessions.user(ductape_user_id)`: the user and how many sessions they have. */
export function createUserByIdReader(db: Database): (ductapeUserId: string) => UserById {
  const byId = db
    .prepare<[string], UserByIdRow>(
      `SELECT u._id, u.ductape_user_id, u.env, u.identifier, u.first_seen, u.last_seen, u.created_at, u.updated_at,
              p.tag, s.tag, (SELECT count(*) FROM user_sessions WHERE user_ref = u.id)
         FROM session_users u
         JOIN product_sessions s ON s.id = u.session_ref
         JOIN products p ON p.id = s.product_id
        WHERE u.ductape_user_id = ?`,
    )
    .raw();

  return (ductapeUserId) => {
    const row = byId.get(ductapeUserId);
    if (row === undefined) {
      throw notFound('USER_NOT_FOUND', `No user with ductape_user_id "${ductapeUserId}"`);
    }
    const [_id, id, env, identifier, firstSeen, lastSeen, createdAt, updatedAt, product, session, sessionCount] = row;
    const user = toSessionUser([_id, id, env, identifier, firstSeen, lastSeen, createdAt, updatedAt], product, session);
    return { ...user, session_count: sessionCount };
  };
}
