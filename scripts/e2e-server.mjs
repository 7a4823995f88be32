// Starts the real server on a fresh demo store for the end-to-end tests.
import { rmSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

const dataDir = process.env.E2E_DATA_DIR ?? '.e2e-data/default';
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
