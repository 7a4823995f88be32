import { parseDatabaseUrl } from '../store/database-url.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { loadDemo } from './load-demo.ts';
import { createProgressBar, formatSeconds, type ProgressStream } from './progress-bar.ts';
import { parseSeedArgs, SEED_USAGE } from './seed-args.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/dashboard.db';

export interface SeedIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** `npm run seed -- …`; returns the exit code (see SEED_USAGE). */
export function runSeedCommand(argv: readonly string[], io: SeedIo): number {
  let args;
  let path: string;
  try {
    args = parseSeedArgs(argv);
    if (args === 'help') {
      io.stdout.write(`${SEED_USAGE}\n`);
      return 0;
    }
    path = parseDatabaseUrl(io.env.DATABASE_URL || DEFAULT_DATABASE_URL).path;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\nRun "npm run seed -- --help" for usage.\n`);
    return 2;
  }

  let store: SqliteStore | undefined;
  try {
    const started = performance.now();
    store = openSqliteStore(path);
    if (!store.isEmpty()) {
      const existing = store.countUsers().toLocaleString('en-US');
      if (!args.reset) {
        io.stderr.write(
          `${path} already holds ${existing} users. Nothing was changed.\nPass --reset to delete them and seed afresh, or point DATABASE_URL at another file.\n`,
        );
        return 1;
      }
      io.stderr.write(`Deleting the ${existing} users in ${path}…\n`);
      store.clear();
    }

    io.stderr.write(`Seeding ${path} (seed ${args.seed}, layout ${args.layout})\n`);
    let bar: ReturnType<typeof createProgressBar> | undefined;
    const result = loadDemo(store, {
      users: args.users,
      seed: args.seed,
      layout: args.layout,
      onProgress: (done, total) => {
        bar ??= createProgressBar({ total, unit: 'users', stream: io.stderr });
        bar.update(done);
      },
      onIndexing: () => {
        bar?.finish();
        io.stderr.write('Building indexes…\n');
      },
    });
    const elapsed = formatSeconds((performance.now() - started) / 1000);
    io.stderr.write(
      `Done: ${result.users.toLocaleString('en-US')} users and ${result.sessions.toLocaleString('en-US')} sessions in ${elapsed}.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`Seeding ${path} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    store?.close();
  }
}
