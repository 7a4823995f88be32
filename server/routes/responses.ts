import type { core } from 'zod';
import { errorBodySchema } from '../../src/contract/session-users.ts';
import { toClassic } from './openapi-schema.ts';

/** A JSON response entry for `createRoute`, from a contract schema (zod/mini) or a classic one. */
export function jsonResponse<Schema extends core.$ZodType>(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema: toClassic(schema) } } };
}

const errorResponse = (description: string) => jsonResponse(errorBodySchema, description);

export const invalidParams = errorResponse(
  'INVALID_PARAMS: a parameter is not valid (for example page or limit out of range, or given twice). The message names the field.',
);
export const unauthorized = errorResponse('UNAUTHORIZED: no valid bearer token or session cookie.');
export const unavailable = errorResponse('SERVICE_UNAVAILABLE: the store is busy or cannot be read right now; retry.');
/** Any route: Node could not turn the request into a URL (a malformed Host header or URL); see server/listen.ts. */
export const unreadableRequest = errorResponse(
  'INVALID_PARAMS: the request could not be read (a bad URL or Host header).',
);
export const notFound = (codes: string) => errorResponse(`${codes}: the named resource does not exist.`);
