import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS, loadDemo, type LoadDemoResult } from './demo/load-demo.ts';
import { StartupError } from './listen.ts';
import { parseDatabaseUrl } from './store/database-url.ts';
import { StoreError } from './store/source.ts';
import { writeFailureReason } from './store/sqlite/open-failure.ts';
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
    const message =
      error instanceof StoreError ? error.message : `Cannot open the database at ${path}: ${String(error)}`;
    throw new StartupError(message, { cause: error });
  }
}

/** A store that opened but could not take the demo data (read-only, full disk) is a start-up problem too. */
function demoFailure(store: SqliteStore, error: unknown): unknown {
  if (!(error instanceof StoreError) || error.kind === 'not_found' || error.kind === 'invalid') return error;
  const path = store.db.name;
  return new StartupError(`Could not load the demo data into ${path}: ${writeFailureReason(path, error)}.`, {
    cause: error,
  });
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
