// Starts the real server on a fresh demo store for the end-to-end tests.
import { rmSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';

rmSync('.e2e-data', { recursive: true, force: true });
mkdirSync('.e2e-data', { recursive: true });
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
