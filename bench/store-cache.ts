import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_DIR } from './bench-config.ts';

export const BENCH_USERS = 1_000_000;
export const BENCH_SEED = 42;
export const BENCH_LAYOUT = 'single-session';

/** What the generated data depends on: when none of these change, a cached store is reused. */
function generatorFiles(): string[] {
  const demo = readdirSync('server/demo')
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join('server/demo', name));
  const store = [
    ...['migrations.ts', 'store-writer.ts'].map((name) => join('server/store/sqlite', name)),
    'server/store/stored-time.ts',
  ];
  return [...demo, ...store].sort();
}

export function generatorHash(): string {
  const hash = createHash('sha256').update(JSON.stringify([BENCH_USERS, BENCH_SEED, BENCH_LAYOUT]));
  for (const file of generatorFiles()) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export interface SeedRecord {
  users: number;
  sessions: number;
  seedSeconds: number;
  seededAt: string;
}

export interface BenchStore extends SeedRecord {
  path: string;
  databaseUrl: string;
  hash: string;
  /** False when this run had to seed the store. */
  reused: boolean;
}

/**
 * The benchmark store (1,000,000 users in one session, ~10,000,000 sessions), seeded with the
 * project's own seed command into .bench-cache/ and reused while the generator is unchanged.
 * A store is renamed into place only after the seed succeeded, so an interrupted one is never used.
 */
export async function ensureBenchStore(log: (line: string) => void = console.log): Promise<BenchStore> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const hash = generatorHash();
  const path = resolve(CACHE_DIR, `store-${hash}.db`);
  const recordPath = resolve(CACHE_DIR, `store-${hash}.json`);
  if (existsSync(path) && existsSync(recordPath)) {
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as SeedRecord;
    log(`Reusing the benchmark store ${path} (generator ${hash}, seeded ${record.seededAt}).`);
    return { ...record, path, databaseUrl: `file:${path}`, hash, reused: true };
  }
  removeStaleStores(hash);
  const partial = resolve(CACHE_DIR, `seeding-${hash}.db`);
  removeDatabase(partial);
  log(`Seeding the benchmark store (generator ${hash}): ${BENCH_USERS.toLocaleString('en-US')} users…`);
  const started = performance.now();
  const output = await runSeed(partial);
  const seedSeconds = (performance.now() - started) / 1000;
  const done = /Done: ([\d,]+) users and ([\d,]+) sessions/.exec(output);
  if (!done) throw new Error(`The seed command did not report what it wrote:\n${output.slice(-2000)}`);
  const record: SeedRecord = {
    users: Number(done[1]?.replaceAll(',', '')),
    sessions: Number(done[2]?.replaceAll(',', '')),
    seedSeconds,
    seededAt: new Date().toISOString(),
  };
  renameSync(partial, path);
  writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
  return { ...record, path, databaseUrl: `file:${path}`, hash, reused: false };
}

/** `npm run seed`, its progress shown as it goes; resolves with everything it printed. */
function runSeed(path: string): Promise<string> {
  const args = ['run', 'seed', '--', '--users', String(BENCH_USERS), '--seed', String(BENCH_SEED)];
  args.push('--layout', BENCH_LAYOUT, '--reset');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npm', args, {
      env: { ...process.env, DATABASE_URL: `file:${path}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`npm run seed exited with ${code}`)),
    );
  });
}

function removeStaleStores(keep: string): void {
  for (const name of readdirSync(CACHE_DIR)) {
    if (/^(store|seeding)-[0-9a-f]{16}\.(db|json)(-wal|-shm)?$/.test(name) && !name.includes(keep)) {
      rmSync(resolve(CACHE_DIR, name), { force: true });
    }
  }
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const store = await ensureBenchStore();
  console.log(JSON.stringify(store, null, 2));
}
