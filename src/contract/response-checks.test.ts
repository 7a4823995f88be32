import { describe, expect, it } from 'vitest';
import type { Check } from './json-check.ts';
import {
  catalogCheck,
  errorBodyCheck,
  fetchUsersResultCheck,
  userByIdCheck,
  userDetailsCheck,
} from './response-checks.ts';
import {
  catalogSchema,
  errorBodySchema,
  fetchUsersResultSchema,
  userByIdSchema,
  userDetailsSchema,
} from './session-users.ts';

/*
 * The browser checks API answers with response-checks.ts, the server with the zod schemas. Both
 * must take and refuse the same answers: every field of a real-looking answer is replaced by
 * values of every other kind (and removed), and both must agree each time.
 */

const user = {
  _id: '6750c1f2a8e4b2c3d4e5f601',
  ductape_user_id: 'du_1',
  product_tag: 'my-product',
  session_tag: 'user-session',
  identifier: 'user@example.com',
  env: 'production',
  first_seen: '2026-11-01T09:00:00.000Z',
  last_seen: '2026-11-30T09:53:39.000Z',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-30T09:53:39.000Z',
};

const cases: { name: string; check: Check<unknown>; schema: Check<unknown>; answer: unknown }[] = [
  {
    name: 'fetchUsers',
    check: fetchUsersResultCheck,
    schema: fetchUsersResultSchema,
    answer: { users: [user, { ...user, _id: 'b' }], total: 41, page: 1, limit: 20, totalPages: 3 },
  },
  {
    name: 'fetchUserDetails',
    check: userDetailsCheck,
    schema: userDetailsSchema,
    answer: {
      ...user,
      sessions: [
        { session_id: 's1', start_at: user.first_seen, end_at: user.last_seen, active: true },
        {
          session_id: 's2',
          start_at: user.first_seen,
          end_at: user.last_seen,
          active: false,
          revoked: true,
          revoked_at: user.last_seen,
        },
        { session_id: 's3', start_at: user.first_seen, end_at: user.last_seen, active: false, revoked_at: null },
      ],
      totalSessions: 3,
      activeSessionsCount: 1,
      environments: ['production', 'staging'],
    },
  },
  { name: 'user by id', check: userByIdCheck, schema: userByIdSchema, answer: { ...user, session_count: 0 } },
  {
    name: 'catalog',
    check: catalogCheck,
    schema: catalogSchema,
    answer: {
      products: [
        {
          tag: 'my-product',
          envs: ['production', 'staging'],
          sessions: [{ tag: 'user-session', users: { production: 12, staging: 0 } }],
        },
      ],
    },
  },
  {
    name: 'error',
    check: errorBodyCheck,
    schema: errorBodySchema,
    answer: {
      error: {
        code: 'INVALID_PARAMS',
        message: 'One record is not valid',
        details: [{ index: 0, field: 'end_at', message: 'end_at must be later than start_at' }],
      },
    },
  },
];

const OTHER_VALUES: unknown[] = [undefined, null, true, 'text', '', 0, 1, -1, 2.5, 2 ** 53, Number.NaN, [], {}];

/** Every path to a value inside `value` (the whole answer too, as []). */
function paths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const inner =
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, child]) => paths(child, [...at, Array.isArray(value) ? Number(key) : key]))
      : [];
  return [at, ...inner];
}

function replaced(answer: unknown, path: PropertyKey[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = structuredClone(answer) as Record<PropertyKey, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
  const last = path.at(-1) as PropertyKey;
  if (next === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = next;
  return copy;
}

describe.each(cases)('the $name check', ({ check, schema, answer }) => {
  it('takes a valid answer as it is', () => {
    expect(schema.safeParse(answer).success).toBe(true);
    expect(check.safeParse(answer)).toEqual({ success: true, data: answer });
  });

  it('takes and refuses exactly what the server’s schema does', () => {
    let refused = 0;
    for (const path of paths(answer)) {
      for (const value of OTHER_VALUES) {
        const changed = replaced(answer, path, value);
        const ours = check.safeParse(changed).success;
        expect({ path, value, accepted: ours }).toEqual({ path, value, accepted: schema.safeParse(changed).success });
        if (!ours) refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('says where the first misfit is', () => {
    const [path] = paths(answer).filter((at) => at.length > 0 && typeof at.at(-1) === 'string');
    const result = check.safeParse(replaced(answer, path as PropertyKey[], Symbol('not JSON')));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path).toEqual(path);
  });
});
