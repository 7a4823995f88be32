import { z } from 'zod';

/**
 * The API's shapes, written once. The server validates and documents with them (OpenAPI);
 * the client checks every response against them. Field names follow the platform's
 * `fetchUsers` / `fetchUserDetails` documentation and must not be renamed.
 */

export const PAGE_MAX = 1_000_000_000;
export const LIMIT_MAX = 100;
export const DEFAULT_PAGE = 1;
export const DEFAULT_LIMIT = 20;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

const isoTimestamp = z.string().meta({ description: 'ISO-8601 UTC timestamp', example: '2026-11-30T09:53:39.000Z' });

export const sessionUserSchema = z
  .object({
    _id: z.string().meta({ description: 'Record ID', example: '6750c1f2a8e4b2c3d4e5f601' }),
    ductape_user_id: z.string().meta({ description: 'Unique Ductape user identifier' }),
    product_tag: z.string(),
    session_tag: z.string(),
    identifier: z
      .string()
      .meta({ description: 'User identifier (from the session selector)', example: 'user@example.com' }),
    env: z.string().meta({ example: 'production' }),
    first_seen: isoTimestamp,
    last_seen: isoTimestamp,
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'ISessionUser' });
export type ISessionUser = z.infer<typeof sessionUserSchema>;

export const fetchUsersResultSchema = z
  .object({
    users: z.array(sessionUserSchema),
    total: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    limit: z.number().int().positive(),
    totalPages: z.number().int().nonnegative(),
  })
  .meta({ id: 'FetchUsersResult' });
export type FetchUsersResult = z.infer<typeof fetchUsersResultSchema>;

export const userSessionInfoSchema = z
  .object({
    session_id: z.string(),
    start_at: isoTimestamp,
    end_at: isoTimestamp,
    active: z.boolean().meta({ description: 'Not revoked and end_at later than now' }),
    revoked: z.boolean().optional().meta({ description: 'The session was ended early (revoked)' }),
  })
  .meta({ id: 'IUserSessionInfo' });
export type IUserSessionInfo = z.infer<typeof userSessionInfoSchema>;

export const userDetailsSchema = sessionUserSchema
  .extend({
    sessions: z.array(userSessionInfoSchema),
    totalSessions: z.number().int().nonnegative(),
    activeSessionsCount: z.number().int().nonnegative(),
    environments: z
      .array(z.string())
      .optional()
      .meta({ description: 'Every environment this identifier exists in (for switching)' }),
  })
  .meta({ id: 'UserDetails' });
export type UserDetails = z.infer<typeof userDetailsSchema>;

export const userByIdSchema = sessionUserSchema
  .extend({ session_count: z.number().int().nonnegative() })
  .meta({ id: 'UserById' });
export type UserById = z.infer<typeof userByIdSchema>;

export const catalogSchema = z
  .object({
    products: z.array(
      z.object({
        tag: z.string(),
        envs: z.array(z.string()),
        sessions: z.array(
          z.object({
            tag: z.string(),
            users: z
              .record(z.string(), z.number().int().nonnegative())
              .meta({ description: 'User count per environment' }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Catalog' });
export type Catalog = z.infer<typeof catalogSchema>;

export const ERROR_CODES = [
  'INVALID_PARAMS',
  'UNAUTHORIZED',
  'PRODUCT_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'ENV_NOT_FOUND',
  'USER_NOT_FOUND',
  'NOT_FOUND',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'INVALID_PARAMS' }),
      message: z.string().meta({ example: 'page must be a whole number from 1 to 1000000000' }),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
