import { parseDatabaseUrl } from '../store/database-url.ts';
import type { DashboardStore } from '../store/dashboard-store.ts';
import { openStore } from '../store-setup.ts';
import { loadDemoInto } from './load-demo.ts';
import { createProgressBar, formatSeconds, type ProgressStream } from './progress-bar.ts';
import { parseSeedArgs, SEED_USAGE } from './seed-args.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/dashboard.db';

export interface SeedIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** `npm run seed -- …` on either store; resolves with the exit code (see SEED_USAGE). */
export async function runSeedCommand(argv: readonly string[], io: SeedIo): Promise<number> {
  let args;
  let databaseUrl: string;
  let where: string;
  try {
    args = parseSeedArgs(argv);
    if (args === 'help') {
      io.stdout.write(`${SEED_USAGE}\n`);
      return 0;
    }
    databaseUrl = io.env.DATABASE_URL || DEFAULT_DATABASE_URL;
    const location = parseDatabaseUrl(databaseUrl, io.env);
    where = location.kind === 'postgres' ? location.display : location.path;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\nRun "npm run seed -- --help" for usage.\n`);
    return 2;
  }

  let store: DashboardStore | undefined;
  try {
    const started = performance.now();
    store = await openStore(databaseUrl, {}, io.env);
    if (!(await store.isEmpty())) {
      const existing = (await store.countUsers()).toLocaleString('en-US');
      if (!args.reset) {
        io.stderr.write(
          `${where} already holds ${existing} users. Nothing was changed.\nPass --reset to delete them and seed afresh, or point DATABASE_URL at another store.\n`,
        );
        return 1;
      }
      io.stderr.write(`Deleting the ${existing} users in ${where}…\n`);
      await store.clear();
    }

    io.stderr.write(`Seeding ${where} (seed ${args.seed}, layout ${args.layout})\n`);
    let bar: ReturnType<typeof createProgressBar> | undefined;
    const result = await loadDemoInto(store, {
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
      `Done: ${(result?.users ?? 0).toLocaleString('en-US')} users and ${(result?.sessions ?? 0).toLocaleString('en-US')} sessions in ${elapsed}.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`Seeding ${where} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}
