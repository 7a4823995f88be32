import type { core } from 'zod';
import { errorBodySchema } from '../../src/contract/session-users.ts';
import { toClassic } from './openapi-schema.ts';

/*
 * OpenAPI response entries for `createRoute` (documentation only). The `…Doc` names keep them
 * apart from the functions that build actual HTTP responses (server/http-errors.ts, server/auth.ts).
 */

/** A JSON response entry, from a contract schema (zod/mini) or a classic one. */
export function jsonResponse<Schema extends core.$ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema: toClassic(schema) } } };
}

/** An entry answering the `{"error":{"code","message"}}` body. */
const errorDoc = (description: string) => jsonResponse(errorBodySchema, description);

export const invalidParamsDoc = errorDoc(
  'INVALID_PARAMS: a parameter is not valid (for example page or limit out of range, or given twice). The message names the field.',
);
export const unauthorizedDoc = errorDoc('UNAUTHORIZED: no valid bearer token or session cookie.');
export const forbiddenDoc = errorDoc(
  'FORBIDDEN: a cross-site request to a route that changes state (refused whatever the credentials).',
);
export const tooManyRequestsDoc = errorDoc(
  'TOO_MANY_REQUESTS: too many wrong tokens from this address; the Retry-After header says when to try again.',
);
export const unavailableDoc = errorDoc('SERVICE_UNAVAILABLE: the store is busy or cannot be read right now; retry.');
/** Any route: Node could not turn the request into a URL (a malformed Host header or URL); see server/listen.ts. */
export const unreadableRequestDoc = errorDoc(
  'INVALID_PARAMS: the request could not be read (a bad URL or Host header).',
);
export const notFoundDoc = (codes: string) => errorDoc(`${codes}: the named resource does not exist.`);
