import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { STORE_MESSAGES, StoreError } from '../source.ts';
import { toStoreError } from './sqlite-errors.ts';

const sqliteError = (message: string, code: string) => new Database.SqliteError(message, code);

describe('SQLite failures become store-neutral kinds inside the store', () => {
  it.each([
    ['SQLITE_BUSY', 'busy', STORE_MESSAGES.busy],
    ['SQLITE_LOCKED_SHAREDCACHE', 'busy', STORE_MESSAGES.busy],
    ['SQLITE_CORRUPT', 'corrupt', STORE_MESSAGES.corrupt],
    ['SQLITE_NOTADB', 'corrupt', STORE_MESSAGES.corrupt],
    ['SQLITE_IOERR_READ', 'unavailable', STORE_MESSAGES.disk],
    ['SQLITE_FULL', 'unavailable', STORE_MESSAGES.disk],
    ['SQLITE_READONLY', 'unavailable', STORE_MESSAGES.disk],
    ['SQLITE_CANTOPEN', 'unavailable', STORE_MESSAGES.disk],
  ])('%s → %s', (code, kind, message) => {
    const cause = sqliteError('x', code);
    const converted = toStoreError(cause);
    expect(converted).toBeInstanceOf(StoreError);
    expect(converted).toMatchObject({ kind, message, cause });
  });

  it('a closed connection is unavailable', () => {
    const db = new Database(':memory:');
    db.close();
    let thrown: unknown;
    try {
      db.prepare('SELECT 1');
    } catch (error) {
      thrown = error;
    }
    expect(toStoreError(thrown)).toMatchObject({ kind: 'unavailable' });
  });

  it('leaves bugs alone: a syntax error or a TypeError is not a store condition', () => {
    const syntax = sqliteError('no such column: x', 'SQLITE_ERROR');
    expect(toStoreError(syntax)).toBe(syntax);
    const bug = new TypeError('x is not a function');
    expect(toStoreError(bug)).toBe(bug);
  });
});
