import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { type Auth, clearLoginCookie, clientKey, LOGIN_COOKIE, refusedToken, setLoginCookie } from '../auth.ts';
import { errorBody } from '../http-errors.ts';
import { forbiddenDoc, invalidParamsDoc, jsonResponse, tooManyRequestsDoc, unauthorizedDoc } from './responses.ts';

/*
 * The browser's sign-in: the admin token in exchange for an HttpOnly login cookie. (The URL
 * /api/session is kept as the contract has it; "session" elsewhere means the platform's sessions.)
 */

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

const loginStateSchema = z.object({ authenticated: z.literal(true) }).meta({ id: 'LoginState' });

const setCookieHeader = z.string().meta({
  description: `${LOGIN_COOKIE}=…; Max-Age=…; HttpOnly; SameSite=Strict; Path=/ (and Secure over HTTPS or with COOKIE_SECURE=always)`,
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/api/login',
  tags: ['login'],
  operationId: 'login',
  summary: 'Exchange the admin token for a login cookie',
  description:
    'The cookie lasts 12 hours without use and is renewed as it is used, up to 7 days after signing in. ' +
    'After 5 wrong tokens from one address, further attempts are answered 429 with Retry-After until the wait is over.',
  security: [],
  middleware: [
    bodyLimit({
      maxSize: LOGIN_BODY_MAX_BYTES,
      onError: (c) => c.json(errorBody('INVALID_PARAMS', 'The request body is too large.'), 400),
    }),
  ] as const,
  request: { body: { required: true, content: { 'application/json': { schema: loginBodySchema } } } },
  responses: {
    204: { description: 'Signed in: the login cookie is set.', headers: z.object({ 'Set-Cookie': setCookieHeader }) },
    400: invalidParamsDoc,
    401: jsonResponse(unauthorizedDoc.content['application/json'].schema, 'UNAUTHORIZED: "That token is not valid."'),
    403: forbiddenDoc,
    429: tooManyRequestsDoc,
  },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/api/logout',
  tags: ['login'],
  operationId: 'logout',
  summary: 'Sign out: end every login cookie issued so far',
  description:
    'With a valid login cookie, moves the access epoch on: that cookie and every other one issued before answer 401 ' +
    'from now on, even if replayed. The cookie is cleared either way.',
  security: [],
  responses: { 204: { description: 'Signed out: the login cookie is cleared.' }, 403: forbiddenDoc },
});

export const loginStateRoute = createRoute({
  method: 'get',
  path: '/api/session',
  tags: ['login'],
  operationId: 'loginState',
  summary: 'Whether the request carries a valid login cookie or bearer token',
  responses: { 200: jsonResponse(loginStateSchema, 'Signed in.'), 401: unauthorizedDoc },
});

export function registerLoginRoutes(app: OpenAPIHono, auth: Auth): void {
  app.openapi(loginRoute, async (c) => {
    const { token } = c.req.valid('json');
    const check = auth.checkToken(clientKey(c), token);
    if (!check.ok) return refusedToken(c, check);
    await setLoginCookie(c, auth);
    return c.body(null, 204);
  });

  app.openapi(logoutRoute, async (c) => {
    // Only a signed-in browser moves the epoch on: anyone else could otherwise sign everyone out.
    const cookie = getCookie(c, LOGIN_COOKIE);
    if (cookie !== undefined && (await auth.readLoginCookie(cookie)) !== undefined) await auth.endAllLogins();
    clearLoginCookie(c, auth);
    return c.body(null, 204);
  });

  app.openapi(loginStateRoute, (c) => c.json({ authenticated: true as const }, 200));
}
