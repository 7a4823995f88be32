// Starts two real servers on one fresh PostgreSQL database for the end-to-end tests' PostgreSQL
// project: the first loads the demo data (PORT), the second shares it (E2E_SECOND_PORT), as two
// servers behind a load balancer would. The database (E2E_PG_DATABASE) is created anew on the
// server TEST_DATABASE_URL names; both servers stop when this process is stopped.
import { spawn } from 'node:child_process';
import postgres from 'postgres';

const adminUrl = process.env.TEST_DATABASE_URL;
const name = process.env.E2E_PG_DATABASE;
const secondPort = process.env.E2E_SECOND_PORT;
if (!adminUrl || !name || !/^[a-z_][a-z0-9_]*$/.test(name) || !secondPort) {
  process.stderr.write('e2e-postgres-servers: needs TEST_DATABASE_URL, E2E_PG_DATABASE and E2E_SECOND_PORT\n');
  process.exit(2);
}

const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false });
try {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
} finally {
  await admin.end();
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const children = [];
function startServer(port) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url.href, PORT: port },
  });
  children.push(child);
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exit(code ?? 0);
  });
  return child;
}

async function healthy(port) {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server on port ${port} did not become healthy`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
// The first server loads the demo data before it listens; the second then finds it there.
startServer(process.env.PORT);
await healthy(process.env.PORT);
startServer(secondPort);
