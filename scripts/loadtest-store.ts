import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The store the load test runs against: made once with the seed command, reused while the generator is unchanged. */
export const LOADTEST_STORE = { users: 100_000, seed: 42, layout: 'single-session' } as const;

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
}

/** Returns the cached 100,000-user store in `cacheDir`, seeding it first when missing or stale. */
export async function ensureLoadtestStore(root: string, cacheDir: string): Promise<PreparedStore> {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `loadtest-${LOADTEST_STORE.users}.db`);
  const stampFile = `${file}.json`;
  const stamp = JSON.stringify({ ...LOADTEST_STORE, generator: generatorVersion(root) });
  if (existsSync(file) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { file, reused: true };
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
  return { file, reused: false, seedSeconds: (performance.now() - started) / 1000 };
}
