import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_COOKIE } from '../auth.ts';
import { createJsonLogger } from '../logger.ts';
import { start, type RunningServer } from '../main.ts';
import { PROJECT_ROOT } from '../project-dirs.ts';
import { CONTENT_SECURITY_POLICY } from '../security-headers.ts';
import { TOKEN as TEST_TOKEN, tempDir, USERS_PATH } from './helpers.ts';
import { collect } from './server-process.ts';

/**
 * The token stays secret (no log line, no kept URL, not in the built bundle), the cookie is
 * locked down, and the content security policy allows no inline script and no outside origin.
 * (Cookie details and the slow-down for wrong tokens are covered in auth.test.ts.)
 */
const dir = tempDir('security');
afterAll(() => dir.remove());

/** Characters that change under percent-encoding, so encoded copies are looked for too. */
const SECRET_TOKEN = 'S3cr3t+Tok/en=Value~0123456789';
const secretForms = [SECRET_TOKEN, encodeURIComponent(SECRET_TOKEN), SECRET_TOKEN.replaceAll('+', ' ')];

describe('the token never reaches a log line or a kept URL', () => {
  const logLines: string[] = [];
  let running: RunningServer;
  beforeAll(async () => {
    const record = (line: string) => void logLines.push(line);
    running = await start(
      { host: '127.0.0.1', port: 0, databaseUrl: 'file::memory:', token: SECRET_TOKEN, tokenGenerated: false },
      { staticDir: dir.path, logger: createJsonLogger(record, record), print: record, demo: { users: 50, seed: 2 } },
    );
  });
  afterAll(() => running.stop());

  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${running.url}${path}`, { redirect: 'manual', ...init }).then(async (response) => {
      await response.arrayBuffer();
      return response;
    });

  it('not even at start: the ready line says where the operator’s token comes from instead', () => {
    const ready = logLines.find((line) => line.startsWith('Dashboard ready:'));
    expect(ready).toBe(
      `Dashboard ready: ${running.url}/ (using DASHBOARD_TOKEN from the environment; sign in with it at ${running.url}/login)`,
    );
    for (const line of logLines) for (const form of secretForms) expect(line).not.toContain(form);
  });

  it('whether it comes in the query, a header, a cookie or the login body, right or wrong', async () => {
    const wrong = `${SECRET_TOKEN}x`;
    const responses = [
      await send(`/?token=${encodeURIComponent(SECRET_TOKEN)}`),
      await send(`/users/x?a=1&token=${encodeURIComponent(SECRET_TOKEN)}&b=2`),
      await send(`/products/p?token=${encodeURIComponent(wrong)}`),
      await send(`/api/catalog?token=${encodeURIComponent(SECRET_TOKEN)}`),
      await send(`${USERS_PATH}?token=${encodeURIComponent(SECRET_TOKEN)}&page=0`),
      await send('/api/catalog', { headers: { Authorization: `Bearer ${SECRET_TOKEN}` } }),
      await send('/api/catalog', { headers: { Authorization: `Bearer ${wrong}` } }),
      await send('/api/catalog', { headers: { Authorization: SECRET_TOKEN } }),
      await send('/api/nope', { headers: { Cookie: `${LOGIN_COOKIE}=${SECRET_TOKEN}` } }),
      await send('/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: SECRET_TOKEN }),
      }),
      await send('/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: wrong }),
      }),
      await send('/api/login', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: SECRET_TOKEN }),
    ];
    expect(responses.map((response) => response.status)).toEqual([
      302, 302, 302, 401, 401, 200, 401, 401, 401, 204, 401, 400,
    ]);
    expect(logLines.length).toBeGreaterThanOrEqual(responses.length);
    for (const line of logLines) for (const form of secretForms) expect(line).not.toContain(form);

    // Redirects and cookies never carry it either: what the browser keeps is token-free.
    for (const response of responses) {
      const kept = `${response.headers.get('location') ?? ''} ${response.headers.get('set-cookie') ?? ''}`;
      for (const form of secretForms) expect(kept).not.toContain(form);
    }
    expect(responses[0]?.headers.get('location')).toBe('/');
    expect(responses[1]?.headers.get('location')).toBe('/users/x?a=1&b=2');
    expect(responses[0]?.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict$/);
    expect(responses[0]?.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

/** Directive name → its sources, from a Content-Security-Policy header. */
function parsePolicy(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...sources]) => [name.toLowerCase(), sources]),
  );
}

describe('the content security policy', () => {
  const policy = parsePolicy(CONTENT_SECURITY_POLICY);

  it('allows no inline or evaluated script and nothing from another origin', () => {
    const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(scripts).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(["'self'", "'none'", 'data:'], `${name} ${source}`).toContain(source);
        if (source === 'data:') expect(name).toBe('img-src');
      }
    }
    for (const name of ['object-src', 'base-uri', 'frame-ancestors']) expect(policy.get(name)).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:|nonce-|sha\d+-/);
  });
});

/** Every file under `root`, recursively. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(root, entry.name)) : [join(root, entry.name)],
  );
}

const SECRET_PATTERNS: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a hard-coded bearer token', /Bearer [A-Za-z0-9._~+/=-]{16,}/],
  [
    'a .env-style secret',
    /\b(DASHBOARD_TOKEN|DATABASE_URL|API_KEY|SECRET(_KEY)?|PASSWORD|PRIVATE_KEY)\s*[=:]\s*["'`]?[^\s"'`]{6,}/,
  ],
  ['the test token', new RegExp(TEST_TOKEN)],
];

function expectNoSecrets(root: string, markers: readonly string[] = []): void {
  const files = filesUnder(root);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    const name = relative(root, file);
    for (const marker of markers) expect(text.includes(marker), `${name} holds ${marker}`).toBe(false);
    for (const [what, pattern] of SECRET_PATTERNS) expect(pattern.exec(text)?.[0], `${name}: ${what}`).toBeUndefined();
  }
}

/** The built index.html loads only same-origin files and holds no script, style or handler inline. */
function expectNoInlineCode(indexHtml: string): void {
  const scripts = [...indexHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [tag, attributes = '', body = ''] of scripts) {
    expect(body.trim(), tag).toBe('');
    expect(attributes, tag).toMatch(/\bsrc="\/(?!\/)[^"]+"/);
  }
  expect(indexHtml).not.toMatch(/<style\b/i);
  expect(indexHtml).not.toMatch(/\s(on[a-z]+|style)\s*=/i);
  expect(indexHtml).not.toMatch(/javascript:/i);
  for (const [, url] of indexHtml.matchAll(/\b(?:src|href)="([^"]*)"/gi)) expect(url).toMatch(/^\/(?!\/)/);
}

describe('the built web app', () => {
  const markers = ['dashboard-token-marker-7f3a9c', 'vite-token-marker-51d2e8', 'database-marker-c90b44'];
  const outDir = join(dir.path, 'build');

  it('holds no secret from the environment it was built in, and no inline code', async () => {
    // A real production build, with secrets in the environment a careless config could bake in.
    const vite = join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DASHBOARD_TOKEN: markers[0],
        VITE_DASHBOARD_TOKEN: markers[1],
        DATABASE_URL: `file:/${markers[2]}.db`,
      },
    });
    const build = await collect(child, 60_000);
    expect(build.code, build.stderr).toBe(0);
    expectNoSecrets(outDir, markers);
    expectNoInlineCode(readFileSync(join(outDir, 'index.html'), 'utf8'));
  }, 60_000);

  it.skipIf(!existsSync(join(PROJECT_ROOT, 'dist', 'index.html')))(
    'in dist/ (the last npm run build) holds no secret and no inline code either',
    () => {
      expectNoSecrets(join(PROJECT_ROOT, 'dist'));
      expectNoInlineCode(readFileSync(join(PROJECT_ROOT, 'dist', 'index.html'), 'utf8'));
    },
  );
});
