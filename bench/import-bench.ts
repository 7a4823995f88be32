import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CACHE_DIR, PROJECT_ROOT } from './bench-config.ts';
import { currentLoad } from './machine.ts';

export interface ImportBenchResult {
  file: string;
  fileGb: number;
  users: number;
  sessions: number;
  seconds: number;
  /** Peak resident memory of the import process (VmHWM), in MB. */
  peakRssMb: number;
  exitCode: number;
  loadAverage: number;
  summary: string;
}

/**
 * `npm run import` of `file` into an empty store, as a user runs it (its own process): wall time,
 * and the process's peak RSS from /proc (polled; VmHWM is the high-water mark). The store is a
 * fresh SQLite file unless `databaseUrl` names another empty one (an empty PostgreSQL database).
 */
export async function benchImport(
  file: string,
  log: (line: string) => void = console.log,
  databaseUrl?: string,
): Promise<ImportBenchResult> {
  const target = resolve(CACHE_DIR, 'import-bench.db');
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  };
  remove();
  log(`Importing ${file} into an empty store…`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/data-io/import-command.ts', file], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl ?? `file:${target}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // exited between polls
    }
  }, 200);
  let summary = '';
  child.stdout.on('data', (chunk: Buffer) => {
    summary += chunk.toString();
  });
  const exitCode = await new Promise<number>((done) => child.on('exit', (code) => done(code ?? -1)));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  const numbers = /Imported ([\d,]+) of [\d,]+ lines .*?: ([\d,]+) users created, ([\d,]+) sessions created/.exec(
    summary,
  );
  const count = (text: string | undefined) => Number((text ?? '0').replace(/,/g, ''));
  remove();
  return {
    file,
    fileGb: Math.round((statSync(file).size / 1024 ** 3) * 100) / 100,
    users: count(numbers?.[2]),
    sessions: count(numbers?.[3]),
    seconds,
    peakRssMb: Math.round(peakKb / 1024),
    exitCode,
    loadAverage: currentLoad(),
    summary: summary.trim(),
  };
}

/** The export of `storePath` as NDJSON (made once, kept in .bench-cache/). */
export async function exportFileOf(storePath: string, log: (line: string) => void = console.log): Promise<string> {
  const file = resolve(CACHE_DIR, `${statSync(storePath).size}-export.ndjson`);
  if (existsSync(file)) return file;
  log(`Exporting ${storePath} to ${file} (the import benchmark's input)…`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/data-io/export-command.ts', '--out', `${file}.partial`],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: `file:${storePath}` },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const code = await new Promise<number>((done) => child.on('exit', (exit) => done(exit ?? -1)));
  if (code !== 0) throw new Error(`The export failed (exit code ${code})`);
  const { renameSync } = await import('node:fs');
  renameSync(`${file}.partial`, file);
  return file;
}

/** The first `lines` lines of `file` (made once, kept in .bench-cache/): a slice of the 1M export. */
export async function sliceOf(file: string, lines: number): Promise<string> {
  const out = resolve(CACHE_DIR, `${statSync(file).size}-first-${lines}.ndjson`);
  if (existsSync(out)) return out;
  const child = spawn('sh', ['-c', `head -n ${lines} "$0" > "$1.partial" && mv "$1.partial" "$1"`, file, out], {
    stdio: 'inherit',
  });
  const code = await new Promise<number>((done) => child.on('exit', (exit) => done(exit ?? -1)));
  if (code !== 0) throw new Error(`Could not cut the first ${lines} lines of ${file}`);
  return out;
}

/**
 * `benchImport` into a new, empty PostgreSQL database made on the cluster `clusterUrl` names
 * (CREATE DATABASE; dropped afterwards, whatever happens).
 */
export async function benchImportPostgres(
  file: string,
  clusterUrl: string,
  log: (line: string) => void = console.log,
): Promise<ImportBenchResult> {
  const { default: postgres } = await import('postgres');
  const name = `fastimport_bench_${process.pid}`;
  const admin = postgres(clusterUrl, { max: 1, onnotice: () => {} });
  const target = new URL(clusterUrl);
  target.pathname = `/${name}`;
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    return await benchImport(file, log, target.toString());
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
