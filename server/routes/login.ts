import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  type Auth,
  clearLoginCookie,
  clientKey,
  LOGIN_COOKIE,
  setLoginCookie,
  unauthorized as unauthorizedResponse,
  WRONG_TOKEN_MESSAGE,
} from '../auth.ts';
import { errorBody } from '../http-errors.ts';
import { invalidParamsDoc, jsonResponse, unauthorizedDoc } from './responses.ts';

const LOGIN_BODY_MAX_BYTES = 8 * 1024;

const loginBodySchema = z
  .object(
    {
      token: z
        .string({ error: (issue) => (issue.input === undefined ? 'token is required' : 'token must be text') })
        .min(1, { error: 'token must not be empty' })
        .max(4096, { error: 'token is too long' }),
    },
    { error: 'Send a JSON object like {"token": "..."}' },
  )
  .meta({ id: 'LoginRequest' });

const sessionStateSchema = z.object({ authenticated: z.literal(true) }).meta({ id: 'SessionState' });

const setCookieHeader = z.string().meta({
  description: `${LOGIN_COOKIE}=…; HttpOnly; SameSite=Strict; Path=/ (and Secure over HTTPS)`,
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/api/login',
  tags: ['session'],
  summary: 'Exchange the admin token for a session cookie',
  description: 'Repeated wrong tokens from one address are answered ever more slowly.',
  security: [],
  middleware: [
    bodyLimit({
      maxSize: LOGIN_BODY_MAX_BYTES,
      onError: (c) => c.json(errorBody('INVALID_PARAMS', 'The request body is too large.'), 400),
    }),
  ] as const,
  request: { body: { required: true, content: { 'application/json': { schema: loginBodySchema } } } },
  responses: {
    204: { description: 'Signed in: the session cookie is set.', headers: z.object({ 'Set-Cookie': setCookieHeader }) },
    400: invalidParamsDoc,
    401: jsonResponse(unauthorizedDoc.content['application/json'].schema, 'UNAUTHORIZED: "That token is not valid."'),
  },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/api/logout',
  tags: ['session'],
  summary: 'Clear the session cookie',
  security: [],
  responses: { 204: { description: 'Signed out: the session cookie is cleared.' } },
});

export const sessionRoute = createRoute({
  method: 'get',
  path: '/api/session',
  tags: ['session'],
  summary: 'Whether the request carries a valid cookie or bearer token',
  responses: { 200: jsonResponse(sessionStateSchema, 'Signed in.'), 401: unauthorizedDoc },
});

export function registerLoginRoutes(app: OpenAPIHono, auth: Auth): void {
  app.openapi(loginRoute, async (c) => {
    const { token } = c.req.valid('json');
    if (!(await auth.checkToken(clientKey(c), token))) return unauthorizedResponse(c, WRONG_TOKEN_MESSAGE);
    setLoginCookie(c, auth);
    return c.body(null, 204);
  });

  app.openapi(logoutRoute, (c) => {
    clearLoginCookie(c);
    return c.body(null, 204);
  });

  app.openapi(sessionRoute, (c) => c.json({ authenticated: true as const }, 200));
}
