import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS, loadDemoInto, type LoadDemoResult } from './demo/load-demo.ts';
import { StartupError } from './listen.ts';
import type { DashboardStore, StoreOptions } from './store/dashboard-store.ts';
import { parseDatabaseUrl } from './store/database-url.ts';
import { openPostgresStore } from './store/postgres/postgres-store.ts';
import { StoreError } from './store/source.ts';
import { sqliteDashboard } from './store/sqlite/sqlite-dashboard.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';

export interface DemoSize {
  users: number;
  seed: number;
}

/**
 * Opens the store DATABASE_URL names: a `file:` URL opens (creating) the SQLite file, a
 * `postgres://` URL connects and migrates the schema. Problems become one clear line.
 */
export async function openStore(
  databaseUrl: string,
  options?: StoreOptions,
  env: Record<string, string | undefined> = process.env,
): Promise<DashboardStore> {
  let location;
  try {
    location = parseDatabaseUrl(databaseUrl, env);
  } catch (error) {
    throw new StartupError((error as Error).message, { cause: error });
  }
  const where = location.kind === 'postgres' ? location.display : location.path;
  try {
    if (location.kind === 'postgres') return await openPostgresStore(location, options);
    return sqliteDashboard(openSqliteStore(location.path, options));
  } catch (error) {
    const message =
      error instanceof StoreError ? error.message : `Cannot open the database at ${where}: ${String(error)}`;
    throw new StartupError(message, { cause: error });
  }
}

/** A store that opened but could not take the demo data (read-only, full disk) is a start-up problem too. */
function demoFailure(store: DashboardStore, error: unknown): unknown {
  if (!(error instanceof StoreError) || error.kind === 'not_found' || error.kind === 'invalid') return error;
  return new StartupError(`Could not load the demo data into ${store.location}: ${store.writeFailureReason(error)}.`, {
    cause: error,
  });
}

/**
 * On an empty store, loads the deterministic demo data set, printing a short progress line.
 * Servers starting together on one database load it once (see loadDemoInto).
 */
export async function fillDemoIfEmpty(
  store: DashboardStore,
  print: (line: string) => void,
  size: DemoSize = { users: DEFAULT_DEMO_USERS, seed: DEFAULT_DEMO_SEED },
): Promise<void> {
  let shown = -1;
  let result: LoadDemoResult | undefined;
  try {
    if (!(await store.isEmpty())) return;
    result = await loadDemoInto(store, {
      users: size.users,
      seed: size.seed,
      onlyIfEmpty: true,
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
  if (result === undefined) return;
  print(`Demo data loaded: ${result.users} users, ${result.sessions} sessions in ${Math.round(result.elapsedMs)} ms.`);
}
