import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../src/contract/session-users.ts';

/** Every error the API answers has this one shape: `{"error":{"code","message"}}`. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json(errorBody(code, message), status);
}

export const UNAVAILABLE_MESSAGE = 'The data store is busy or unavailable. Try again in a moment.';
export const DAMAGED_MESSAGE =
  'The data store cannot be read: its file may be damaged or missing. The problem was logged for the operator.';
export const DISK_MESSAGE =
  'The data store cannot be read or written right now (a disk or file problem). The problem was logged for the operator.';
export const INTERNAL_MESSAGE = 'Something went wrong on the server. The error was logged.';

/**
 * SQLite errors that mean "the store cannot answer right now" (locked by another writer, disk or
 * file trouble), as opposed to a bug. better-sqlite3 puts the extended result code on `code`.
 */
const UNAVAILABLE_SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|CORRUPT|NOTADB|READONLY)(_|$)/;

/** What to tell a client about a store error `isStoreUnavailable` accepted: busy (retry) or broken (wait for an operator). */
export function unavailableMessage(error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? '');
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return DAMAGED_MESSAGE;
  if (/^SQLITE_(IOERR|CANTOPEN|FULL|READONLY)/.test(code)) return DISK_MESSAGE;
  return UNAVAILABLE_MESSAGE;
}

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_SQLITE_CODES.test(code)) return true;
  // better-sqlite3 throws a TypeError like this when a query runs after the store was closed.
  return /database connection is not open/i.test(error.message);
}
