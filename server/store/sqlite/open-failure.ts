import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../source.ts';
import { sqliteErrorKind } from './sqlite-errors.ts';

/** A failure to open the store file, as a StoreError whose message says what to do (one line). */
export function openFailure(path: string, error: unknown): StoreError {
  return new StoreError(sqliteErrorKind(error)?.kind ?? 'unavailable', openFailureMessage(path, error), {
    cause: error,
  });
}

function openFailureMessage(path: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  const folder = dirname(path);
  switch (typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${path} is not a readable SQLite database (it may be corrupt). Move it away to start fresh, or set DATABASE_URL to another file.`;
    case 'SQLITE_BUSY':
      return `The database at ${path} is locked by another program. Try again when it is done.`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `Cannot create the folder ${folder} for the database: part of that path is a file, not a folder (${reason}). Set DATABASE_URL to a file in a folder that exists or can be created.`;
    case 'ENOENT':
      return `Cannot create the folder ${folder} for the database (${reason}). Set DATABASE_URL to a file in a folder that exists or can be created.`;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cannot open the database at ${path}: ${fileProblem(path) ?? 'check that the file and its folder exist and are readable and writable'} (${reason}).`;
    default:
      return `Cannot open the database at ${path}: ${reason}`;
  }
}

/**
 * Why a write to the store file failed, for a person at the console: what is wrong with the file
 * or its folder as far as this process can tell, else SQLite's own words ("database or disk is full").
 */
export function writeFailureReason(path: string, error: StoreError): string {
  const cause = error.cause instanceof Error ? error.cause : error;
  return fileProblem(path) ?? cause.message;
}

/** What is wrong with the file or its folder, as far as this process can tell. */
function fileProblem(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'that is a folder, not a database file';
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return 'this user may not read and write that file';
    if (code === 'ENOTDIR') return 'part of that path is a file, not a folder';
    if (code === 'ELOOP') return 'it is a symbolic link that leads round in a loop';
    if (code !== 'ENOENT') return undefined;
  }
  try {
    // SQLite keeps its -wal and -shm files next to the database: the folder must be writable too.
    accessSync(dirname(path), constants.W_OK | constants.X_OK);
  } catch {
    return `this user may not create files in ${dirname(path)}`;
  }
  return undefined;
}
