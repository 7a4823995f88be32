import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server for tests and benchmarks: `initdb` into a temporary folder, started on a
 * free port on 127.0.0.1 (its socket in that folder too), removed again by `stop`. As root (CI,
 * these machines) it runs as the unprivileged `postgres` user, which PostgreSQL requires.
 */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, local only). */
  url: string;
  port: number;
  /** Stops the server and keeps its data (for outage tests); `start` brings it back on the same port. */
  halt(): void;
  start(): void;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

export interface ThrowawayOptions {
  /** A fixed port (default: a free one). */
  port?: number;
  /**
   * false (tests): fsync off, for speed; the data lives only as long as the test run.
   * true (benchmarks): PostgreSQL's durable defaults, so figures are what a deployment sees.
   */
  durable?: boolean;
}

const SEARCHED = '/usr/lib/postgresql';

/** The folder with initdb and pg_ctl (the newest installed version), or undefined. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN !== undefined && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  if (!existsSync(SEARCHED)) return undefined;
  const versions = readdirSync(SEARCHED)
    .filter((name) => existsSync(join(SEARCHED, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(SEARCHED, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asServerUser(): { command: (program: string, args: string[]) => [string, string[]]; uid?: number } {
  if (process.getuid?.() !== 0) return { command: (program, args) => [program, args] };
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return {
    command: (program, args) => ['runuser', ['-u', 'postgres', '--', program, ...args]],
    uid: uid * 65536 + gid,
  };
}

export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`PostgreSQL is not installed (no ${SEARCHED}/*/bin/initdb).`);
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-pg-'));
  const data = join(dir, 'data');
  const user = asServerUser();
  if (user.uid !== undefined) chownSync(dir, Math.floor(user.uid / 65536), user.uid % 65536);
  const run = (program: string, args: string[]) => {
    const [file, argv] = user.command(join(bin, program), args);
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.durable === true ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`, { cause: error });
  }
  const start = () => run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  let running = false;
  const server: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      start();
      running = true;
    },
    halt() {
      halt();
      running = false;
    },
    stop() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped.
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    server.start();
  } catch (error) {
    server.stop();
    throw new Error(`PostgreSQL did not start: ${String((error as { stderr?: unknown }).stderr ?? error)}`, {
      cause: error,
    });
  }
  return server;
}
