import { array, boolean, int, nullable, object, optional, record, string } from './json-check.ts';
import type { Check } from './json-check.ts';
import type { Catalog, ErrorBody, FetchUsersResult, Overview, UserById, UserDetails } from './session-users.ts';

/**
 * The web app's twins of the contract schemas in session-users.ts, which the browser checks API
 * answers with (zod stays on the server). Each is typed by its schema's type, and
 * response-checks.test.ts runs both on the same answers, so they cannot drift apart.
 */

const count = int(0);

const sessionUserShape = {
  _id: string,
  ductape_user_id: string,
  product_tag: string,
  session_tag: string,
  identifier: string,
  env: string,
  first_seen: string,
  last_seen: string,
  createdAt: string,
  updatedAt: string,
};

export const fetchUsersResultCheck: Check<FetchUsersResult> = object({
  users: array(object(sessionUserShape)),
  total: count,
  page: int(1),
  limit: int(1),
  totalPages: count,
});

const rolling = object({ '24h': count, '7d': count, '30d': count });

export const overviewCheck: Check<Overview> = object({
  users: count,
  active_sessions: count,
  new_users: rolling,
  seen_users: rolling,
  daily: array(object({ date: string, sessions_started: count, new_users: count, users_seen: count })),
});

export const userDetailsCheck: Check<UserDetails> = object({
  ...sessionUserShape,
  sessions: array(
    object({
      session_id: string,
      start_at: string,
      end_at: string,
      active: boolean,
      revoked: optional(boolean),
      revoked_at: optional(nullable(string)),
    }),
  ),
  totalSessions: count,
  activeSessionsCount: count,
  environments: optional(array(string)),
  next_sessions_cursor: optional(nullable(string)),
  session_times: optional(object({ start_ms: array(int()), length_ms: array(int()), status: string })),
});

export const userByIdCheck: Check<UserById> = object({ ...sessionUserShape, session_count: count });

export const catalogCheck: Check<Catalog> = object({
  products: array(
    object({
      tag: string,
      envs: array(string),
      sessions: array(object({ tag: string, users: record(count) })),
    }),
  ),
});

export const errorBodyCheck: Check<ErrorBody> = object({
  error: object({
    code: string,
    message: string,
    details: optional(array(object({ index: count, field: string, message: string }))),
  }),
});
