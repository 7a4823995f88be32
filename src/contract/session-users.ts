import * as z from 'zod/mini';

/**
 * The API's shapes, written once. The server validates with and documents them (OpenAPI, see
 * server/routes/openapi-schema.ts). Field names follow the platform's `fetchUsers` /
 * `fetchUserDetails` documentation and must not be renamed.
 *
 * The web app does not ship these: it checks answers with their zod-free twins in
 * response-checks.ts (kept in agreement by response-checks.test.ts) and imports only types from
 * here, so no zod reaches the browser. Metadata goes to zod's global registry, where the OpenAPI
 * generator reads it.
 */

// The server's imports of the paging limits stay here; the web app takes them from paging.ts.
export { DEFAULT_LIMIT, DEFAULT_PAGE, LIMIT_MAX, PAGE_MAX } from './paging.ts';

/** Adds OpenAPI metadata (description, example, or `id` for a named component) to a schema. */
export function described<Schema extends z.ZodMiniType>(schema: Schema, meta: z.core.GlobalMeta): Schema {
  z.globalRegistry.add(schema as z.ZodMiniType, meta);
  return schema;
}

const isoTimestamp = described(z.string(), {
  description: 'ISO-8601 UTC timestamp',
  example: '2026-11-30T09:53:39.000Z',
});
const count = () => z.int().check(z.nonnegative());

const sessionUserShape = {
  _id: described(z.string(), { description: 'Record ID', example: '6750c1f2a8e4b2c3d4e5f601' }),
  ductape_user_id: described(z.string(), { description: 'Unique Ductape user identifier' }),
  product_tag: z.string(),
  session_tag: z.string(),
  identifier: described(z.string(), {
    description: 'User identifier (from the session selector)',
    example: 'user@example.com',
  }),
  env: described(z.string(), { example: 'production' }),
  first_seen: isoTimestamp,
  last_seen: isoTimestamp,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
};

export const sessionUserSchema = described(z.object(sessionUserShape), { id: 'ISessionUser' });
export type ISessionUser = z.infer<typeof sessionUserSchema>;

export const fetchUsersResultSchema = described(
  z.object({
    users: z.array(sessionUserSchema),
    total: count(),
    page: z.int().check(z.positive()),
    limit: z.int().check(z.positive()),
    totalPages: count(),
  }),
  { id: 'FetchUsersResult' },
);
export type FetchUsersResult = z.infer<typeof fetchUsersResultSchema>;

export const userSessionInfoSchema = described(
  z.object({
    session_id: z.string(),
    start_at: isoTimestamp,
    end_at: isoTimestamp,
    active: described(z.boolean(), { description: 'Not revoked and end_at later than now' }),
    revoked: described(z.optional(z.boolean()), { description: 'The session was ended early (revoked)' }),
    revoked_at: described(z.optional(z.nullable(isoTimestamp)), {
      description: 'When the session was revoked, when known (sent through ingest or import)',
    }),
  }),
  { id: 'IUserSessionInfo' },
);
export type IUserSessionInfo = z.infer<typeof userSessionInfoSchema>;

/**
 * Every session's times in history order, without the session IDs (which make most of a long
 * history's bytes): what the user page needs for its figures and timeline without every session.
 */
export const sessionTimesSchema = described(
  z.object({
    start_ms: described(z.array(z.int()), {
      description:
        'Start times in milliseconds since the Unix epoch, newest first: the first one as is, each next one as ' +
        'the previous start minus this one (0 or more)',
      example: [1796032419000, 3600000, 0],
    }),
    length_ms: described(z.array(z.int()), {
      description: 'end_at minus start_at in milliseconds, for the same sessions',
      example: [7200000, 3600000, 600000],
    }),
    status: described(z.string(), {
      description: 'One letter per session, in the same order: A active, E expired, R revoked',
      example: 'AER',
    }),
  }),
  { id: 'SessionTimes' },
);
export type SessionTimes = z.infer<typeof sessionTimesSchema>;

export const userDetailsSchema = described(
  z.object({
    ...sessionUserShape,
    sessions: described(z.array(userSessionInfoSchema), {
      description: 'Every session, or with sessions_limit one page of them; newest first (start_at, then session_id)',
    }),
    totalSessions: described(count(), { description: 'Every session of the user, paged or not' }),
    activeSessionsCount: described(count(), { description: 'Every active session of the user, paged or not' }),
    environments: described(z.optional(z.array(z.string())), {
      description: 'Every environment this identifier exists in (for switching)',
    }),
    next_sessions_cursor: described(z.optional(z.nullable(z.string())), {
      description:
        'With sessions_limit: the sessions_cursor of the next page, or null after the oldest session. ' +
        'Absent without sessions_limit.',
    }),
    session_times: described(z.optional(sessionTimesSchema), {
      description: "With sessions_limit and no sessions_cursor (the first page): every session's times.",
    }),
  }),
  { id: 'UserDetails' },
);
export type UserDetails = z.infer<typeof userDetailsSchema>;

export const userByIdSchema = described(z.object({ ...sessionUserShape, session_count: count() }), { id: 'UserById' });
export type UserById = z.infer<typeof userByIdSchema>;

export const catalogSchema = described(
  z.object({
    products: z.array(
      z.object({
        tag: z.string(),
        envs: z.array(z.string()),
        sessions: z.array(
          z.object({
            tag: z.string(),
            users: described(z.record(z.string(), count()), { description: 'User count per environment' }),
          }),
        ),
      }),
    ),
  }),
  { id: 'Catalog' },
);
export type Catalog = z.infer<typeof catalogSchema>;

const rollingCounts = (what: string) =>
  described(
    z.object({
      '24h': count(),
      '7d': count(),
      '30d': count(),
    }),
    { description: `${what}, over the rolling 24 hours, 7 days and 30 days that end now` },
  );

export const overviewDaySchema = described(
  z.object({
    date: described(z.string(), { description: 'A UTC day (YYYY-MM-DD)', example: '2026-12-05' }),
    sessions_started: described(count(), { description: 'Sessions that started that day' }),
    new_users: described(count(), { description: 'Users whose first_seen is that day' }),
    users_seen: described(count(), { description: 'Distinct users with a session started that day' }),
  }),
  { id: 'OverviewDay' },
);
export type OverviewDay = z.infer<typeof overviewDaySchema>;

export const overviewSchema = described(
  z.object({
    users: described(count(), { description: 'Users of the session (in the environment, when given)' }),
    active_sessions: described(count(), { description: 'Sessions active now: not revoked, end_at later than now' }),
    new_users: rollingCounts('Users by first_seen'),
    seen_users: rollingCounts('Users by last_seen'),
    daily: described(z.array(overviewDaySchema), {
      description: 'Exactly `days` entries, oldest first, ending today (UTC); days without activity are zeros',
    }),
  }),
  { id: 'Overview' },
);
export type Overview = z.infer<typeof overviewSchema>;

export const ERROR_CODES = [
  'INVALID_PARAMS',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PRODUCT_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'ENV_NOT_FOUND',
  'USER_NOT_FOUND',
  'NOT_FOUND',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;

/** One problem with one record of a batch (ingest, import): which record, which field, what is wrong. */
export const recordProblemSchema = described(
  z.object({
    index: described(z.int().check(z.nonnegative()), { description: 'Position of the record in the batch, from 0' }),
    field: described(z.string(), { example: 'end_at' }),
    message: described(z.string(), { example: 'end_at must be later than start_at' }),
  }),
  { id: 'RecordProblem' },
);
export type RecordProblem = z.infer<typeof recordProblemSchema>;

export const errorBodySchema = described(
  z.object({
    error: z.object({
      code: described(z.string(), { example: 'INVALID_PARAMS' }),
      message: described(z.string(), { example: 'page must be a whole number from 1 to 1000000000' }),
      details: described(z.optional(z.array(recordProblemSchema)), {
        description: 'For a batch: every record and field that is not valid (nothing of the batch was applied)',
      }),
    }),
  }),
  { id: 'Error' },
);
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthSchema = described(z.object({ status: z.literal('ok') }), { id: 'Health' });
