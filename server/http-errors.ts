import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, RecordProblem } from '../src/contract/session-users.ts';
import type { StoreError } from './store/source.ts';

/** Every error the API answers has this one shape: `{"error":{"code","message"}}` (and `details` for a batch). */
export function errorBody(code: string, message: string, details?: RecordProblem[]): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: RecordProblem[],
): Response {
  return c.json(errorBody(code, message, details), status);
}

export const INTERNAL_MESSAGE = 'Something went wrong on the server. The error was logged.';

/** Seconds a client is asked to wait before retrying when the store cannot answer. */
export const RETRY_AFTER_SECONDS = 1;

/** True for the kinds that mean "the store cannot answer right now": 503 with Retry-After. */
export function isStoreUnavailable(error: StoreError): boolean {
  return error.kind === 'unavailable' || error.kind === 'busy' || error.kind === 'corrupt';
}

/**
 * A store failure as the contract's answer, by kind only (never by a database's own codes):
 * unavailable, busy, corrupt → 503 SERVICE_UNAVAILABLE with Retry-After; not_found → 404 with
 * its code; invalid → 400 INVALID_PARAMS with the records and fields in `details`.
 */
export function storeErrorResponse(c: Context, error: StoreError): Response {
  switch (error.kind) {
    case 'not_found':
      return errorResponse(c, 404, error.options.code ?? 'NOT_FOUND', error.message);
    case 'invalid':
      return errorResponse(c, 400, 'INVALID_PARAMS', error.message, error.options.details);
    default:
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return errorResponse(c, 503, 'SERVICE_UNAVAILABLE', error.message);
  }
}
