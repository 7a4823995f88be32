import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { catalogSchema } from '../../src/contract/session-users.ts';
import { answerHoldsUntilDataChanges } from '../conditional-get.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { jsonResponse, unauthorizedDoc, unavailableDoc } from './responses.ts';

export const catalogRoute = createRoute({
  method: 'get',
  path: '/api/catalog',
  tags: ['catalog'],
  operationId: 'catalog',
  summary: 'What the dashboard can browse',
  description: 'Every product with its environments and sessions, and the user count per session and environment.',
  responses: {
    200: jsonResponse(catalogSchema, 'Products, their environments and sessions with user counts.'),
    401: unauthorizedDoc,
    503: unavailableDoc,
  },
});

export function registerCatalogRoutes(app: OpenAPIHono, source: SessionUsersSource): void {
  app.openapi(catalogRoute, async (c) => {
    const catalog = await source.catalog();
    answerHoldsUntilDataChanges(c);
    return c.json(catalog, 200);
  });
}
