import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The store the load test runs against: made once with the seed command, reused while the generator is unchanged. */
export const LOADTEST_STORE = { users: 100_000, seed: 42, layout: 'single-session' } as const;

const cachedDescription = `seed command, ${LOADTEST_STORE.layout} layout, seed ${LOADTEST_STORE.seed}`;

/** The generator and schema sources: a change to any of them means the cached store is stale. */
function generatorVersion(root: string): string {
  const hash = createHash('sha256');
  const demo = join(root, 'server', 'demo');
  const files = readdirSync(demo)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(demo, name));
  for (const file of [...files, join(root, 'server', 'store', 'sqlite', 'migrations.ts')]) {
    hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface PreparedStore {
  file: string;
  reused: boolean;
  seedSeconds?: number;
  /** Where the data came from, for the report. */
  description: string;
  /** Removes what was made for this run only (a copy); nothing for the cached store. */
  discard: () => void;
}

/**
 * LOADTEST_DATABASE=path: the load test runs on a copy of that SQLite file (a reflink where the
 * file system can, else a full copy), made next to the cache and removed after the run. Never on
 * the file itself: the server migrates what it opens and writes its access epoch there, and a
 * shared bench store must stay as it was seeded.
 */
export function copyLoadtestStore(source: string, cacheDir: string): PreparedStore {
  const from = resolve(source);
  if (!existsSync(from)) throw new Error(`LOADTEST_DATABASE: no file ${from}`);
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `loadtest-copy-${process.pid}-${basename(from)}`);
  const discard = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  };
  discard();
  try {
    copyFileSync(from, file, constants.COPYFILE_FICLONE);
    // Committed pages not yet checkpointed live in the -wal file: copy it with the database.
    if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) {
      copyFileSync(`${from}-wal`, `${file}-wal`, constants.COPYFILE_FICLONE);
    }
  } catch (error) {
    discard();
    throw error;
  }
  return { file, reused: false, description: `a copy of ${from}`, discard };
}

/** Returns the cached 100,000-user store in `cacheDir`, seeding it first when missing or stale. */
export async function ensureLoadtestStore(root: string, cacheDir: string): Promise<PreparedStore> {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `loadtest-${LOADTEST_STORE.users}.db`);
  const stampFile = `${file}.json`;
  const stamp = JSON.stringify({ ...LOADTEST_STORE, generator: generatorVersion(root) });
  if (existsSync(file) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { file, reused: true, description: cachedDescription, discard: () => {} };
  }
  for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(`${file}${suffix}`, { force: true });
  const started = performance.now();
  const args = ['--users', String(LOADTEST_STORE.users), '--seed', String(LOADTEST_STORE.seed)];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'server', 'demo', 'seed-command.ts'), ...args, '--layout', LOADTEST_STORE.layout],
    { cwd: root, env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`seeding ${file} failed (exit ${code})`);
  writeFileSync(stampFile, stamp);
  return {
    file,
    reused: false,
    seedSeconds: (performance.now() - started) / 1000,
    description: cachedDescription,
    discard: () => {},
  };
}
