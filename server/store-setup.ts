import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS, loadDemo } from './demo/load-demo.ts';
import { StartupError } from './listen.ts';
import { parseDatabaseUrl } from './store/database-url.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/sqlite-store.ts';

export interface DemoSize {
  users: number;
  seed: number;
}

/** Opens the store DATABASE_URL names (creating the file and its folder); problems become one clear line. */
export function openStore(databaseUrl: string): SqliteStore {
  let path: string;
  try {
    path = parseDatabaseUrl(databaseUrl).path;
  } catch (error) {
    throw new StartupError((error as Error).message, { cause: error });
  }
  try {
    return openSqliteStore(path);
  } catch (error) {
    throw new StartupError(openFailureMessage(path, error), { cause: error });
  }
}

function openFailureMessage(path: string, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${path} is not a readable SQLite database (it may be corrupt). Move it away to start fresh, or set DATABASE_URL to another file.`;
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cannot open the database at ${path}: check that the file and its folder exist and are readable and writable (${reason}).`;
    case 'SQLITE_BUSY':
      return `The database at ${path} is locked by another program. Try again when it is done.`;
    default:
      return `Cannot open the database at ${path}: ${reason}`;
  }
}

/** On an empty store, loads the deterministic demo data set, printing a short progress line. */
export function fillDemoIfEmpty(
  store: SqliteStore,
  print: (line: string) => void,
  size: DemoSize = { users: DEFAULT_DEMO_USERS, seed: DEFAULT_DEMO_SEED },
): void {
  if (!store.isEmpty()) return;
  let shown = -1;
  const result = loadDemo(store, {
    users: size.users,
    seed: size.seed,
    onProgress: (done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 4) * 25;
      if (percent === shown) return;
      shown = percent;
      print(`Loading demo data: ${done} of ${total} users (${percent}%)`);
    },
  });
  print(`Demo data loaded: ${result.users} users, ${result.sessions} sessions in ${Math.round(result.elapsedMs)} ms.`);
}
