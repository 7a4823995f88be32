import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthSchema } from '../../src/contract/session-users.ts';
import { jsonResponse, unreadableRequestDoc } from './responses.ts';

export const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['health'],
  operationId: 'health',
  summary: 'Liveness check (no token needed)',
  security: [],
  responses: { 200: jsonResponse(healthSchema, 'The server is up.'), 400: unreadableRequestDoc },
});

export function registerHealthRoutes(app: OpenAPIHono): void {
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));
}
