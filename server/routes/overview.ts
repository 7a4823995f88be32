import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { overviewSchema } from '../../src/contract/session-users.ts';
import { DEFAULT_OVERVIEW_DAYS, OVERVIEW_DAYS_MAX } from '../../src/contract/view-params.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { wholeNumberQuery } from '../validation.ts';
import { invalidParamsDoc, jsonResponse, notFoundDoc, unauthorizedDoc, unavailableDoc } from './responses.ts';
import { envQuery, sessionPath } from './users.ts';

export const overviewRoute = createRoute({
  method: 'get',
  path: '/api/products/{product}/sessions/{session}/overview',
  tags: ['overview'],
  operationId: 'overview',
  summary: "A session's figures and daily activity",
  description:
    'Users; sessions active now (not revoked, end_at later than now); new users (by first_seen) and seen users ' +
    '(by last_seen) over the rolling 24 hours, 7 days and 30 days that end now; and one entry per UTC day for the ' +
    'last `days` days ending today, oldest first, zeros included. Read from aggregates kept on write: it never ' +
    'scans users or sessions. Unknown query parameters are ignored; an empty value counts as absent.',
  request: {
    params: sessionPath,
    query: z.object({
      env: envQuery('env', 'Only this environment. Absent or empty: every environment.', 'production'),
      days: wholeNumberQuery(
        'days',
        OVERVIEW_DAYS_MAX,
        DEFAULT_OVERVIEW_DAYS,
        `UTC days in \`daily\`, ending today, from 1 to ${OVERVIEW_DAYS_MAX}.`,
      ),
    }),
  },
  responses: {
    200: jsonResponse(overviewSchema, 'The figures and the daily entries.'),
    400: invalidParamsDoc,
    401: unauthorizedDoc,
    404: notFoundDoc('PRODUCT_NOT_FOUND | SESSION_NOT_FOUND | ENV_NOT_FOUND'),
    503: unavailableDoc,
  },
});

/** Figures move with the clock (rolling windows, active sessions), so answers are only compared by their bytes. */
export function registerOverviewRoutes(app: OpenAPIHono, source: SessionUsersSource): void {
  app.openapi(overviewRoute, async (c) => {
    const { product, session } = c.req.valid('param');
    const { env, days } = c.req.valid('query');
    return c.json(await source.overview({ product, session, env, days }), 200);
  });
}
