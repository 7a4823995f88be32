import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Auth, LOGIN_COOKIE, pageTokenLogin, requireAuth } from './auth.ts';
import { compressAnswers } from './compress-answers.ts';
import { conditionalGet } from './conditional-get.ts';
import type { CookieSecure } from './config.ts';
import type { ThrottleOptions } from './failure-throttle.ts';
import { allowedHostsOnly } from './host-check.ts';
import { errorResponse, INTERNAL_MESSAGE, isStoreUnavailable, storeErrorResponse } from './http-errors.ts';
import { separateTokens } from './ingest-access.ts';
import { createJsonLogger, describeError, type Logger } from './logger.ts';
import { requestLog } from './request-log.ts';
import { registerCatalogRoutes } from './routes/catalog.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerLoginRoutes } from './routes/login.ts';
import { unauthorizedDoc } from './routes/responses.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerUserRoutes } from './routes/users.ts';
import { sameOriginWrites } from './same-origin-writes.ts';
import { securityHeaders } from './security-headers.ts';
import { serveBuiltApp } from './static.ts';
import { StoreError, type SessionUsersSource } from './store/source.ts';
import { invalidParamsHook } from './validation.ts';

export interface AppOptions {
  source: SessionUsersSource;
  token: string;
  /** INGEST_TOKEN: the write-only token for POST /api/ingest/sessions; absent, ingestion is off. */
  ingestToken?: string;
  /** The built web app (`dist/`); without it only the API is served. */
  staticDir?: string;
  logger?: Logger;
  /** Limits on wrong tokens; tests pass small delays. */
  throttle?: Partial<ThrottleOptions>;
  /** Host names answered (any port); absent: any (see host-check.ts `hostAllowList`). */
  allowedHosts?: readonly string[];
  /** When the login cookie is marked Secure (COOKIE_SECURE); `auto` by default. */
  cookieSecure?: CookieSecure;
  /** The clock for login cookies and the wrong-token limit; tests move it. */
  now?: () => number;
}

/*
 * Why Hono: it is small and fast, and its apps take and return Web-standard Request/Response,
 * so every route is tested with `app.request()` without opening a socket, and the same app runs
 * under Node (via @hono/node-server) or any other runtime. @hono/zod-openapi validates requests
 * with the same zod schemas the client uses and generates the OpenAPI document from them.
 */
export function createApp(options: AppOptions): OpenAPIHono {
  const logger = options.logger ?? createJsonLogger();
  const auth = new Auth({
    token: options.token,
    epochs: options.source,
    throttle: options.throttle,
    cookieSecure: options.cookieSecure,
    now: options.now,
  });
  const app = new OpenAPIHono({ defaultHook: invalidParamsHook });

  app.use('*', requestLog(logger));
  app.use('*', securityHeaders());
  if (options.allowedHosts !== undefined) app.use('*', allowedHostsOnly(options.allowedHosts));
  app.use('/api/*', sameOriginWrites());
  app.use('/api/*', separateTokens(auth, options.ingestToken, requireAuth(auth)));
  // Compression outside the ETag check: the tag names the uncompressed answer, whatever the coding.
  app.use('/api/*', compressAnswers());
  app.use('/api/*', conditionalGet({ source: options.source, now: options.now }));

  registerHealthRoutes(app);
  registerLoginRoutes(app, auth);
  registerCatalogRoutes(app, options.source);
  registerUserRoutes(app, options.source);
  registerOverviewRoutes(app, options.source);
  registerIngestRoutes(app, options.source);
  registerOpenApiDocument(app);

  app.all('/api/*', (c) => errorResponse(c, 404, 'NOT_FOUND', 'There is no such API route.'));
  app.get('*', pageTokenLogin(auth));
  if (options.staticDir !== undefined) app.use('*', serveBuiltApp(options.staticDir));

  app.notFound((c) => errorResponse(c, 404, 'NOT_FOUND', 'Not found.'));
  app.onError((error, c) => handleError(error, c, logger));
  return app;
}

function handleError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof StoreError) {
    if (isStoreUnavailable(error)) {
      logger.error({
        event: 'store_unavailable',
        kind: error.kind,
        path: c.req.path,
        ...describeError(error.cause ?? error),
      });
    }
    return storeErrorResponse(c, error);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Raised by Hono's body parsing (malformed JSON, wrong content type, too large).
    if (error.status === 401) return errorResponse(c, 401, 'UNAUTHORIZED', error.message || 'Sign in first.');
    if (error.status === 404) return errorResponse(c, 404, 'NOT_FOUND', error.message || 'Not found.');
    const message = error.status === 415 ? 'Send the body as JSON (Content-Type: application/json).' : error.message;
    return errorResponse(c, 400, 'INVALID_PARAMS', message || 'The request is not valid.');
  }
  logger.error({ event: 'unexpected_error', method: c.req.method, path: c.req.path, ...describeError(error) });
  return errorResponse(c, 500, 'INTERNAL', INTERNAL_MESSAGE);
}

/**
 * A private project: no licence is granted. OpenAPI 3.1 takes an SPDX expression as `identifier`
 * (`LicenseRef-…` names a licence outside the SPDX list); the generator's types predate the field.
 */
const LICENSE = { name: 'Proprietary (private project, all rights reserved)', identifier: 'LicenseRef-Proprietary' };

/** Every tag an operation uses, declared once with what it groups. */
const API_TAGS = [
  { name: 'users', description: "A session's users and one user's session history (fetchUsers, fetchUserDetails)." },
  { name: 'catalog', description: 'The products, environments and sessions the dashboard can browse.' },
  { name: 'login', description: 'Signing the web app in and out with a login cookie.' },
  { name: 'ingest', description: 'Sending session records in (INGEST_TOKEN).' },
  { name: 'health', description: 'Liveness, without a token.' },
  { name: 'meta', description: 'This API description.' },
];

function registerOpenApiDocument(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin token (DASHBOARD_TOKEN, or the one printed at start): reads only.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'ingestBearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The ingest token (INGEST_TOKEN): sends data in only.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: LOGIN_COOKIE,
    description: 'Set by POST /api/login or by opening any page with ?token=<token>.',
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['meta'],
    operationId: 'openApiDocument',
    summary: 'This OpenAPI 3.1 document',
    responses: {
      200: { description: 'The OpenAPI document, generated from the same zod schemas the server validates with.' },
      401: unauthorizedDoc,
    },
  });
  let document: unknown;
  app.get('/api/openapi.json', (c) => {
    // Built on first use (after every route is registered) and kept: the routes never change.
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Session Users Dashboard API',
        version: '1.0.0',
        description:
          "Access to a product's session users, shaped like the platform's fetchUsers and fetchUserDetails, " +
          'and POST /api/ingest/sessions to send session records in. Errors are {"error":{"code","message"}}.',
        license: LICENSE,
      },
      // Relative: the document describes whichever host and port serve it.
      servers: [{ url: '/', description: 'The server that serves this document and the web app.' }],
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
      tags: API_TAGS,
    });
    return c.json(document as object, 200);
  });
}
