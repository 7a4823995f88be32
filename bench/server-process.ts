import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { BENCH_TOKEN, CACHE_DIR, PROJECT_ROOT } from './bench-config.ts';

export interface BenchServer {
  url: string;
  token: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The real server (bench/serve.ts: server/main.ts's `start` on the benchmark store) in its own
 * process, so load generators and timers never share its event loop. Its request log goes to a
 * file, as it would in production. `pageCache: false` times the store's queries themselves;
 * `databaseUrl` serves another store (the ingest benchmark's copy); `ingestToken` turns ingestion on.
 */
export async function startBenchServer(
  port: number,
  options: { pageCache: boolean; databaseUrl?: string; ingestToken?: string },
): Promise<BenchServer> {
  const logFile = resolve(CACHE_DIR, `server-${port}.log`);
  const log = openSync(logFile, 'w');
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/serve.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      BENCH_PAGE_CACHE: options.pageCache ? 'on' : 'off',
      ...(options.databaseUrl === undefined ? {} : { BENCH_DATABASE_URL: options.databaseUrl }),
      ...(options.ingestToken === undefined ? {} : { INGEST_TOKEN: options.ingestToken }),
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, token: BENCH_TOKEN, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`The server did not answer /api/health within 60 s; see ${logFile}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
