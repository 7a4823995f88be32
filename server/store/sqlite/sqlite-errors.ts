import type { Database } from 'better-sqlite3';
import { STORE_MESSAGES, StoreError, type StoreErrorKind } from '../source.ts';

/**
 * SQLite's result codes (better-sqlite3 puts the extended one on `code`, like SQLITE_IOERR_READ)
 * → the store-neutral kinds. Anything else (a constraint, a syntax error) is a bug and is left
 * as it is, to surface as one.
 */
const KINDS: readonly [RegExp, StoreErrorKind, string][] = [
  [/^SQLITE_(BUSY|LOCKED)(_|$)/, 'busy', STORE_MESSAGES.busy],
  [/^SQLITE_(CORRUPT|NOTADB)(_|$)/, 'corrupt', STORE_MESSAGES.corrupt],
  [/^SQLITE_(IOERR|CANTOPEN|FULL|READONLY)(_|$)/, 'unavailable', STORE_MESSAGES.disk],
  [/^SQLITE_PROTOCOL(_|$)/, 'unavailable', STORE_MESSAGES.busy],
];

/** The kind of a SQLite failure, or undefined when it is not one the store expects. */
export function sqliteErrorKind(error: unknown): { kind: StoreErrorKind; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    for (const [pattern, kind, message] of KINDS) if (pattern.test(code)) return { kind, message };
  }
  // better-sqlite3 throws a TypeError like this when a query runs after the store was closed.
  if (/database connection is not open/i.test(error.message))
    return { kind: 'unavailable', message: STORE_MESSAGES.busy };
  return undefined;
}

/** `error` as a StoreError when SQLite's code says which kind it is; otherwise unchanged. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const known = sqliteErrorKind(error);
  return known === undefined ? error : new StoreError(known.kind, known.message, { cause: error });
}

/**
 * Runs store work and converts SQLite's failures into StoreErrors. When a read fails on damaged
 * or unreadable pages, the connection's page cache is emptied too, so the next read goes back to
 * the file: once the file is repaired or restored, reads recover without a restart (otherwise the
 * cache could keep serving the bad pages).
 */
export function guarded<T>(db: Database, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (db.open && /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(String((error as { code?: unknown }).code ?? ''))) {
      try {
        db.pragma('shrink_memory');
      } catch {
        // The next read will report whatever is wrong.
      }
    }
    throw toStoreError(error);
  }
}

/** An async iterable whose failures are converted like `guarded`'s. */
export async function* guardedIterable<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    throw toStoreError(error);
  }
}
