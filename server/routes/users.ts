import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  type IUserSessionInfo,
  type SessionTimes,
  DEFAULT_LIMIT,
  DEFAULT_PAGE,
  fetchUsersResultSchema,
  LIMIT_MAX,
  PAGE_MAX,
  userByIdSchema,
  userDetailsSchema,
} from '../../src/contract/session-users.ts';
import { SESSIONS_LIMIT_MAX, SESSIONS_PAGE_SIZE } from '../../src/contract/paging.ts';
import { SEARCH_MAX, SEARCH_MIN, USER_SORTS } from '../../src/contract/view-params.ts';
import { answerHoldsUntilDataChanges } from '../conditional-get.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { decodeSessionsCursor } from '../store/history-page.ts';
import {
  boundedTextQuery,
  choiceQuery,
  optionalTextQuery,
  optionalWholeNumberQuery,
  pathText,
  tokenQuery,
  wholeNumberQuery,
} from '../validation.ts';
import { invalidParamsDoc, jsonResponse, notFoundDoc, unauthorizedDoc, unavailableDoc } from './responses.ts';

export const sessionPath = z.object({
  product: pathText('product', 'The product tag.', 'my-product'),
  session: pathText('session', 'The session tag.', 'user-session'),
});

export const envQuery = optionalTextQuery;

export const fetchUsersRoute = createRoute({
  method: 'get',
  path: '/api/products/{product}/sessions/{session}/users',
  tags: ['users'],
  operationId: 'fetchUsers',
  summary: "A page of a session's users (fetchUsers)",
  description:
    'Ordered by last_seen (or first_seen, with sort) descending, then _id descending, so no user shows on two pages. ' +
    'With q, only users whose identifier contains q, ignoring ASCII letter case; total and totalPages count the ' +
    'matches exactly. A page past the last one answers ' +
    '200 with an empty list and the true total and totalPages. Unknown query parameters are ignored; an empty ' +
    'value counts as absent.',
  request: {
    params: sessionPath,
    query: z.object({
      env: envQuery('env', 'Only users in this environment. Absent or empty: every environment.', 'production'),
      page: wholeNumberQuery('page', PAGE_MAX, DEFAULT_PAGE, `Page number, from 1 to ${PAGE_MAX}.`),
      limit: wholeNumberQuery('limit', LIMIT_MAX, DEFAULT_LIMIT, `Users per page, from 1 to ${LIMIT_MAX}.`),
      q: boundedTextQuery(
        'q',
        SEARCH_MIN,
        SEARCH_MAX,
        `Only users whose identifier contains this text, ignoring ASCII letter case (${SEARCH_MIN}–${SEARCH_MAX} characters). Absent or empty: every user.`,
        'example.com',
      ),
      sort: choiceQuery(
        'sort',
        USER_SORTS,
        'Newest first by this time, then _id descending. Absent or empty: last_seen.',
      ),
    }),
  },
  responses: {
    200: jsonResponse(fetchUsersResultSchema, 'The page of users with the total and page count.'),
    400: invalidParamsDoc,
    401: unauthorizedDoc,
    404: notFoundDoc('PRODUCT_NOT_FOUND | SESSION_NOT_FOUND | ENV_NOT_FOUND'),
    503: unavailableDoc,
  },
});

export const fetchUserDetailsRoute = createRoute({
  method: 'get',
  path: '/api/products/{product}/sessions/{session}/users/{identifier}',
  tags: ['users'],
  operationId: 'fetchUserDetails',
  summary: 'One user with their session history (fetchUserDetails)',
  description:
    'Sessions are ordered by start_at descending, then session_id descending. Without sessions_limit the answer ' +
    "holds every session (the seed's fetchUserDetails). With sessions_limit it holds one page of them, " +
    'next_sessions_cursor for the next page (null after the oldest), and on the first page (no sessions_cursor) ' +
    "session_times: every session's times without the IDs, for figures and a timeline. totalSessions and " +
    'activeSessionsCount always count the whole history.',
  request: {
    params: sessionPath.extend({
      identifier: pathText(
        'identifier',
        'The user identifier, percent-encoded as one path segment (%2F for "/", %2B for "+"; a literal "+" stays a plus).',
        'user@example.com',
      ),
    }),
    query: z.object({
      env: envQuery(
        'env',
        "The environment. Absent or empty: the user's most recently seen environment.",
        'production',
      ),
      sessions_limit: optionalWholeNumberQuery(
        'sessions_limit',
        SESSIONS_LIMIT_MAX,
        `Page the history: at most this many sessions (1 to ${SESSIONS_LIMIT_MAX}). Absent or empty: every session.`,
        SESSIONS_PAGE_SIZE,
      ),
      sessions_cursor: tokenQuery(
        'sessions_cursor',
        decodeSessionsCursor,
        'With sessions_limit: the next_sessions_cursor of the previous page (the sessions after its last one). ' +
          'Absent or empty: the newest sessions.',
      ),
    }),
  },
  responses: {
    200: jsonResponse(userDetailsSchema, 'The user, their sessions and session counts.'),
    401: unauthorizedDoc,
    404: notFoundDoc('PRODUCT_NOT_FOUND | SESSION_NOT_FOUND | ENV_NOT_FOUND | USER_NOT_FOUND'),
    400: invalidParamsDoc,
    503: unavailableDoc,
  },
});

export const userByIdRoute = createRoute({
  method: 'get',
  path: '/api/users/{ductape_user_id}',
  tags: ['users'],
  operationId: 'userById',
  summary: "A user by Ductape user ID (the platform's sessions.user)",
  request: {
    params: z.object({ ductape_user_id: pathText('ductape_user_id', 'The unique Ductape user identifier.') }),
  },
  responses: {
    200: jsonResponse(userByIdSchema, 'The user with their session count.'),
    401: unauthorizedDoc,
    404: notFoundDoc('USER_NOT_FOUND'),
    503: unavailableDoc,
  },
});

/** Thin handlers: the params are already validated; store failures surface as StoreError (see app.ts). */
export function registerUserRoutes(app: OpenAPIHono, source: SessionUsersSource): void {
  app.openapi(fetchUsersRoute, async (c) => {
    const { product, session } = c.req.valid('param');
    const { env, page, limit, q, sort } = c.req.valid('query');
    const result = await source.fetchUsers({ product, session, env, page, limit, q, sort });
    answerHoldsUntilDataChanges(c);
    return c.json(result, 200);
  });

  app.openapi(fetchUserDetailsRoute, async (c) => {
    const { product, session, identifier } = c.req.valid('param');
    const { env, sessions_limit: sessionsLimit, sessions_cursor: cursor } = c.req.valid('query');
    // A cursor alone pages nothing: it names where a page starts, sessions_limit says that there are pages.
    const sessionsAfter =
      sessionsLimit !== undefined && cursor !== undefined ? decodeSessionsCursor(cursor) : undefined;
    const details = await source.fetchUserDetails({ product, session, identifier, env, sessionsLimit, sessionsAfter });
    // `active` is also a matter of time: the answer holds until the first active session ends.
    answerHoldsUntilDataChanges(
      c,
      Math.min(firstActiveSessionEnd(details.sessions), firstActiveEndOfTimes(details.session_times)),
    );
    return c.json(details, 200);
  });

  app.openapi(userByIdRoute, async (c) => {
    const { ductape_user_id } = c.req.valid('param');
    const user = await source.userById(ductape_user_id);
    answerHoldsUntilDataChanges(c);
    return c.json(user, 200);
  });
}

/** The same over every session's times, when the answer carries them (a first page). */
function firstActiveEndOfTimes(times: SessionTimes | undefined): number {
  let first = Number.POSITIVE_INFINITY;
  if (times === undefined) return first;
  let start = 0;
  for (let i = 0; i < times.status.length; i++) {
    start = i === 0 ? (times.start_ms[0] ?? 0) : start - (times.start_ms[i] ?? 0);
    if (times.status[i] === 'A') first = Math.min(first, start + (times.length_ms[i] ?? 0));
  }
  return first;
}

function firstActiveSessionEnd(sessions: readonly IUserSessionInfo[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const session of sessions) if (session.active) first = Math.min(first, Date.parse(session.end_at));
  return first;
}
