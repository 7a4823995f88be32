import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.ts';
import { StartupError } from '../listen.ts';
import { silentLogger } from '../logger.ts';
import { start, type RunningServer } from '../main.ts';
import { PROJECT_ROOT } from '../project-dirs.ts';
import { SECURITY_HEADER_NAMES, tempDir, TOKEN } from './helpers.ts';

const dir = tempDir('main');
const dist = join(dir.path, 'dist');
mkdirSync(dist);
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Session users</title>');
afterAll(() => dir.remove());

const config = (overrides: Partial<Config> = {}): Config => ({
  host: '127.0.0.1',
  port: 0,
  databaseUrl: `file:${join(dir.path, 'nested', 'folder', 'dashboard.db')}`,
  token: TOKEN,
  tokenGenerated: false,
  ...overrides,
});

async function startQuietly(cfg: Config, extra: Parameters<typeof start>[1] = {}) {
  const lines: string[] = [];
  const running = await start(cfg, {
    staticDir: dist,
    logger: silentLogger,
    print: (line) => lines.push(line),
    demo: { users: 100, seed: 3 },
    ...extra,
  });
  return { running, lines };
}

/** Sends raw bytes, so the request reaches Node exactly as written (`Connection: close` ends it). */
function rawRequest(port: number, head: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('start() and stop()', () => {
  let running: RunningServer;

  it('creates the database folder, loads the demo data and prints the ready line', async () => {
    const started = await startQuietly(config());
    running = started.running;
    expect(started.lines.some((line) => line.startsWith('Loading demo data'))).toBe(true);
    expect(started.lines.some((line) => line.includes('run npm run build'))).toBe(false);
    // The operator set the token: the line says where it comes from and never prints it.
    expect(started.lines).toContain(
      `Dashboard ready: http://127.0.0.1:${running.port}/ (using DASHBOARD_TOKEN from the environment; sign in with it at http://127.0.0.1:${running.port}/login)`,
    );
    for (const line of started.lines) expect(line).not.toContain(TOKEN);
    const health = await fetch(`${running.url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const catalog = await fetch(`${running.url}/api/catalog`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(catalog.status).toBe(200);
  });

  it('answers requests Node cannot parse into a URL with a JSON 400 and the security headers', async () => {
    const reply = await rawRequest(
      running.port,
      'GET /..\\..\\secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"code":"INVALID_PARAMS"');
    for (const name of SECURITY_HEADER_NAMES) expect(reply.toLowerCase()).toContain(`${name}:`);
  });

  it('bound to 127.0.0.1, answers only loopback Host names (DNS rebinding gets 403)', async () => {
    const ask = (host: string) =>
      rawRequest(running.port, `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    for (const host of ['localhost', `127.0.0.1:${running.port}`, '[::1]:1', 'LocalHost:80']) {
      expect(await ask(host), host).toMatch(/^HTTP\/1\.1 200 /);
    }
    for (const host of ['evil.example', `rebind.evil.example:${running.port}`, '192.168.0.1']) {
      const reply = await ask(host);
      expect(reply, host).toMatch(/^HTTP\/1\.1 403 /);
      expect(reply).toContain('"code":"FORBIDDEN"');
    }
  });

  it('never answers 500 to raw non-UTF-8 bytes or odd targets', async () => {
    const targets = [
      Buffer.concat([Buffer.from('GET /api/users/'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from(' HTTP/1.1\r\n')]),
      Buffer.from('GET /api/users/%E0%A4%A HTTP/1.1\r\n'),
      Buffer.from('GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n'),
      Buffer.from('GET http://evil.example/api/health HTTP/1.1\r\n'),
      Buffer.from('GET * HTTP/1.1\r\n'),
    ];
    for (const target of targets) {
      const reply = await rawRequest(
        running.port,
        Buffer.concat([
          target,
          Buffer.from(`Host: localhost\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`),
        ]),
      );
      expect(reply, target.toString('latin1')).toMatch(/^HTTP\/1\.1 [2-4]\d\d /);
      expect(reply).not.toContain('root:');
    }
  });

  it('lets an in-flight request finish, then stops accepting and closes', async () => {
    const slow = await startQuietly(config({ databaseUrl: 'file::memory:' }));
    // A login whose body is still arriving when the server is told to stop: a real in-flight request.
    const body = JSON.stringify({ token: TOKEN });
    const socket = connect(slow.running.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      `POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = slow.running.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.end(body.slice(5));
    await stopped;
    await ended;
    expect(reply).toMatch(/^HTTP\/1\.1 204 /);
    await expect(fetch(`${slow.running.url}/api/health`)).rejects.toThrow();
  });

  it('reports a taken port as a clear StartupError', async () => {
    const attempt = startQuietly(config({ port: running.port, databaseUrl: 'file::memory:' }));
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(`Port ${running.port} on 127.0.0.1 is already in use`);
  });

  it('keeps the data on restart instead of loading the demo again; without a build, says so', async () => {
    await running.stop();
    const again = await startQuietly(config(), { staticDir: join(dir.path, 'no-dist') });
    expect(again.lines.some((line) => line.startsWith('Loading demo data'))).toBe(false);
    expect(again.lines.some((line) => line.includes('run npm run build'))).toBe(true);
    expect((await fetch(`${again.running.url}/api/health`)).status).toBe(200);
    await again.running.stop();
  });

  it('reports an unreadable database file as a clear StartupError', async () => {
    const corrupt = join(dir.path, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database, just text that is long enough to have a header '.repeat(20));
    const attempt = startQuietly(config({ databaseUrl: `file:${corrupt}` }));
    await expect(attempt).rejects.toThrow(/is not a readable SQLite database/);

    const folder = join(dir.path, 'a-folder.db');
    mkdirSync(folder);
    await expect(startQuietly(config({ databaseUrl: `file:${folder}` }))).rejects.toBeInstanceOf(StartupError);
    await expect(startQuietly(config({ databaseUrl: 'postgres://u:p@h/db' }))).rejects.toThrow(/DATABASE_URL/);
  });
});

describe('server/main.ts as a process', () => {
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const run = (env: Record<string, string>) =>
    spawn(tsx, [join(PROJECT_ROOT, 'server', 'main.ts')], {
      cwd: dir.path,
      env: { ...process.env, HOST: '127.0.0.1', DASHBOARD_TOKEN: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('exits 1 with one line for a bad setting', async () => {
    const child = run({ PORT: 'eighty' });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('PORT must be a whole number from 0 to 65535, not "eighty".\n');
  });

  it('refuses a DASHBOARD_TOKEN shorter than 16 characters with one line, before opening anything', async () => {
    const child = run({ DASHBOARD_TOKEN: 'short-token', DATABASE_URL: `file:${join(dir.path, 'never', 'x.db')}` });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(
      'DASHBOARD_TOKEN is too short: it must be at least 16 characters (it has 11); use a long random value, or unset it.\n',
    );
  });

  it('never prints or logs a token the operator set, on stdout or stderr, right or wrong', async () => {
    const secret = 'Operator+Secret/Token=0123456789';
    const child = run({ PORT: '0', DASHBOARD_TOKEN: secret, DATABASE_URL: `file:${join(dir.path, 'secret', 'x.db')}` });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match =
          /Dashboard ready: (http:\/\/127\.0\.0\.1:\d+)\/ \(using DASHBOARD_TOKEN from the environment/.exec(stdout);
        if (match) resolve(match[1] ?? '');
      });
      child.on('exit', () => reject(new Error(`exited early: ${stdout}${stderr}`)));
    });
    const encoded = encodeURIComponent(secret);
    const json = { 'Content-Type': 'application/json' };
    const statuses = [
      (await fetch(`${url}/api/catalog`, { headers: { Authorization: `Bearer ${secret}` } })).status,
      (await fetch(`${url}/api/catalog`, { headers: { Authorization: `Bearer ${secret}x` } })).status,
      (await fetch(`${url}/?token=${encoded}`, { redirect: 'manual' })).status,
      (await fetch(`${url}/api/login`, { method: 'POST', headers: json, body: JSON.stringify({ token: secret }) }))
        .status,
    ];
    expect(statuses).toEqual([200, 401, 302, 204]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"path":"\/api\/login"/); // the request log did run
    for (const form of [secret, encoded, secret.replaceAll('+', ' ')]) {
      expect(stdout).not.toContain(form);
      expect(stderr).not.toContain(form);
    }
  }, 60_000);

  it('prints the URL with a generated token, serves, and exits 0 on SIGTERM', async () => {
    const child = run({ PORT: '0', DATABASE_URL: `file:${join(dir.path, 'process', 'dashboard.db')}` });
    let stdout = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /Dashboard ready: (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(stdout);
        if (match) resolve(`${match[1]}|${match[2]}`);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
    });
    const [url, token] = (await ready).split('|');
    expect(stdout).toMatch(/DASHBOARD_TOKEN was not set/);
    const session = await fetch(`${url}/api/session`, { headers: { Authorization: `Bearer ${token}` } });
    expect(session.status).toBe(200);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
