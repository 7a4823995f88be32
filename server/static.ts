import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Vite puts content-hashed files here: a changed file gets a new name, so they can be cached forever. */
const ASSETS_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function hasBuiltApp(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Maps a raw (still percent-encoded) URL path to a file path inside `root`, or undefined when the
 * path could not name a file there. Each segment is decoded on its own; a segment that decodes to
 * a separator, a backslash, a NUL, `.`/`..` or a dotfile is refused, so `..`, `%2e%2e`, `%2f`,
 * `%5c` and `%00` tricks never reach the file system. The resolved path is checked again below.
 */
export function safeFilePath(root: string, rawPath: string): string | undefined {
  const segments: string[] = [];
  for (const part of rawPath.split('/')) {
    if (part === '') continue;
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (name.startsWith('.') || /[/\\\0]/.test(name)) return undefined;
    segments.push(name);
  }
  if (segments.length === 0) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : undefined;
}

async function readInside(root: string, file: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    // A symlink inside the build folder must not lead out of it either.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    return await readFile(realFile);
  } catch {
    return undefined;
  }
}

function send(c: Context, body: Buffer, file: string, cacheControl: string): Response {
  c.header('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  c.header('Cache-Control', cacheControl);
  return c.body(new Uint8Array(body), 200);
}

/**
 * Serves the built web app for GET/HEAD outside /api: real files from `root`, and index.html for
 * every other path so the single-page app can route it (`/login`, `/products/...`, `/users/...`).
 * A missing hashed asset answers 404 rather than HTML, so a stale tab fails clearly.
 */
export function serveBuiltApp(root: string): MiddlewareHandler {
  const indexFile = join(resolve(root), 'index.html');
  return async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.req.path.startsWith('/api/') || c.req.path === '/api') {
      return next();
    }
    const rawPath = new URL(c.req.url).pathname;
    const file = safeFilePath(root, rawPath);
    if (file !== undefined && file !== indexFile) {
      const body = await readInside(root, file);
      if (body) return send(c, body, file, rawPath.startsWith(ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE);
    }
    if (rawPath.startsWith(ASSETS_PREFIX)) return next();
    const index = await readInside(root, indexFile);
    if (index) return send(c, index, indexFile, REVALIDATE);
    c.header('Cache-Control', REVALIDATE);
    return c.text(
      'The web app is not built yet: run "npm run build", then reload this page. The API is available under /api.',
      503,
    );
  };
}
