import type { ISessionUser } from '../../../src/contract/session-users.ts';

/** The `session_users` columns every user read selects, in this order. */
export const USER_COLUMNS = '_id, ductape_user_id, env, identifier, first_seen, last_seen, created_at, updated_at';

export type UserRow = [
  _id: string,
  ductapeUserId: string,
  env: string,
  identifier: string,
  firstSeen: string,
  lastSeen: string,
  createdAt: string,
  updatedAt: string,
];

export function toSessionUser(row: UserRow, product: string, session: string): ISessionUser {
  const [_id, ductapeUserId, env, identifier, firstSeen, lastSeen, createdAt, updatedAt] = row;
  return {
    _id,
    ductape_user_id: ductapeUserId,
    product_tag: product,
    session_tag: session,
    identifier,
    env,
    first_seen: firstSeen,
    last_seen: lastSeen,
    createdAt,
    updatedAt,
  };
}
