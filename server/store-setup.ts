import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS, loadDemo, type LoadDemoResult } from './demo/load-demo.ts';
import { isStoreUnavailable } from './http-errors.ts';
import { StartupError } from './listen.ts';
import { parseDatabaseUrl } from './store/database-url.ts';
import { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.ts';

export interface DemoSize {
  users: number;
  seed: number;
}

/** Opens the store DATABASE_URL names (creating the file and its folder); problems become one clear line. */
export function openStore(databaseUrl: string, options?: SqliteStoreOptions): SqliteStore {
  let path: string;
  try {
    path = parseDatabaseUrl(databaseUrl).path;
  } catch (error) {
    throw new StartupError((error as Error).message, { cause: error });
  }
  try {
    return openSqliteStore(path, options);
  } catch (error) {
    throw new StartupError(openFailureMessage(path, error), { cause: error });
  }
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

/** A store that opened but could not take the demo data (read-only, full disk) is a start-up problem too. */
function demoFailure(store: SqliteStore, error: unknown): unknown {
  if (!isStoreUnavailable(error)) return error;
  const path = store.db.name;
  return new StartupError(
    `Could not load the demo data into ${path}: ${fileProblem(path) ?? (error as Error).message}.`,
    { cause: error },
  );
}

/** On an empty store, loads the deterministic demo data set, printing a short progress line. */
export function fillDemoIfEmpty(
  store: SqliteStore,
  print: (line: string) => void,
  size: DemoSize = { users: DEFAULT_DEMO_USERS, seed: DEFAULT_DEMO_SEED },
): void {
  if (!store.isEmpty()) return;
  let shown = -1;
  let result: LoadDemoResult;
  try {
    result = loadDemo(store, {
      users: size.users,
      seed: size.seed,
      onProgress: (done, total) => {
        const percent = total === 0 ? 100 : Math.floor((done / total) * 4) * 25;
        if (percent === shown) return;
        shown = percent;
        print(`Loading demo data: ${done} of ${total} users (${percent}%)`);
      },
    });
  } catch (error) {
    throw demoFailure(store, error);
  }
  print(`Demo data loaded: ${result.users} users, ${result.sessions} sessions in ${Math.round(result.elapsedMs)} ms.`);
}
