import { spawn } from 'node:child_process';
import { findPostgresBin, startThrowawayPostgres } from './throwaway-postgres.ts';

/**
 * `tsx scripts/with-postgres.ts COMMAND [ARGS…]`: starts a throwaway PostgreSQL (initdb into a
 * temporary folder, a free port on 127.0.0.1), runs COMMAND with TEST_DATABASE_URL pointing at
 * it, and stops and deletes it when COMMAND ends, fails or is interrupted. The exit code is
 * COMMAND's. Without PostgreSQL installed: with CI=true that fails the run; otherwise COMMAND
 * runs without TEST_DATABASE_URL and the PostgreSQL tests say they were skipped.
 * PG_PORT picks the port (default: a free one); PG_BIN the folder of initdb and pg_ctl.
 */
const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('Usage: tsx scripts/with-postgres.ts COMMAND [ARGS…]\n');
  process.exit(2);
}

async function main(): Promise<number> {
  if (findPostgresBin() === undefined) {
    const message =
      'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; on Debian: apt-get install postgresql).';
    if (process.env.CI === 'true') {
      process.stderr.write(`with-postgres: ${message} CI=true, so this is a failure: CI tests both stores.\n`);
      return 1;
    }
    process.stderr.write(`with-postgres: ${message} Running without it: the PostgreSQL tests will be skipped.\n`);
    return run({});
  }
  const port = process.env.PG_PORT === undefined ? undefined : Number(process.env.PG_PORT);
  const server = await startThrowawayPostgres({ port });
  process.stderr.write(`with-postgres: PostgreSQL is up at ${server.url}\n`);
  const stop = () => server.stop();
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    return await run({ TEST_DATABASE_URL: server.url });
  } finally {
    stop();
    process.removeListener('exit', stop);
  }
}

function run(extra: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command as string, args, { stdio: 'inherit', env: { ...process.env, ...extra } });
    child.once('error', (error) => {
      process.stderr.write(`with-postgres: cannot run ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`with-postgres: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
