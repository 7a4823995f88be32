import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { type Auth, BEARER, clientKey, PUBLIC_API_PATHS, refusedToken, unauthorized } from './auth.ts';
import { errorResponse } from './http-errors.ts';

export const INGEST_PATH = '/api/ingest/sessions';

export const INGEST_OFF_MESSAGE =
  'Ingestion is off. To turn it on, set INGEST_TOKEN to a secret of at least 16 characters and restart the server; then send it as "Authorization: Bearer <INGEST_TOKEN>".';
const DASHBOARD_TOKEN_CANNOT_INGEST =
  'The dashboard token can only read. Send data with the ingest token (INGEST_TOKEN).';
const INGEST_TOKEN_CANNOT_READ = `The ingest token can only send data (POST ${INGEST_PATH}). Read with the dashboard token (DASHBOARD_TOKEN).`;
const INGEST_CREDENTIALS_MESSAGE = 'Send the ingest token: "Authorization: Bearer <INGEST_TOKEN>".';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Tokens do one job each: INGEST_TOKEN may only send data in, DASHBOARD_TOKEN (and the login
 * cookie) may only read. Either one used for the other job is 403 FORBIDDEN; a wrong or missing
 * token is 401 (429 once a client is over budget), counted by the same limit as wrong dashboard tokens. With no INGEST_TOKEN
 * configured the ingest route is 403 with how to turn it on. Wraps the read-side check
 * (`requireAuth`), which decides everything else.
 */
export function separateTokens(
  auth: Auth,
  ingestToken: string | undefined,
  readAccess: MiddlewareHandler,
): MiddlewareHandler {
  const ingestDigest = ingestToken === undefined ? undefined : digest(ingestToken);
  const isIngestToken = (candidate: string) =>
    ingestDigest !== undefined && timingSafeEqual(digest(candidate), ingestDigest);

  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (c.req.path === INGEST_PATH) {
      if (ingestDigest === undefined) return errorResponse(c, 403, 'FORBIDDEN', INGEST_OFF_MESSAGE);
      if (header === undefined) return unauthorized(c, INGEST_CREDENTIALS_MESSAGE);
      if (token === undefined) return unauthorized(c, 'The Authorization header must be "Bearer <token>".');
      // Either of our tokens is a right one (never counted as a guess); the dashboard one is then refused below.
      const check = auth.throttle.attempt(clientKey(c), () => isIngestToken(token) || auth.tokenMatches(token));
      if (!check.ok) return refusedToken(c, check);
      if (!isIngestToken(token)) return errorResponse(c, 403, 'FORBIDDEN', DASHBOARD_TOKEN_CANNOT_INGEST);
      return next();
    }
    if (token !== undefined && !PUBLIC_API_PATHS.has(c.req.path) && isIngestToken(token)) {
      return errorResponse(c, 403, 'FORBIDDEN', INGEST_TOKEN_CANNOT_READ);
    }
    return readAccess(c, next);
  };
}
