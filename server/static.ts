import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { etagOf, ifNoneMatchHits } from './conditional-get.ts';
import { acceptedEncodings, ENCODING_SUFFIX, responseBytes, varyOnAcceptEncoding } from './content-encoding.ts';
import { COMPRESSIBLE_EXTENSIONS } from './precompress.ts';

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

/**
 * Sends a file, or its brotli or gzip copy written at build time (server/precompress.ts) when the
 * request accepts it, with `Vary: Accept-Encoding` whenever such a copy exists. Files that are
 * revalidated (index.html and other unhashed files) carry an ETag of their bytes and answer a
 * matching If-None-Match with 304.
 */
async function send(c: Context, root: string, file: string, body: Buffer, cacheControl: string): Promise<Response> {
  const compressible = COMPRESSIBLE_EXTENSIONS.has(extname(file).toLowerCase());
  const headers = new Headers({
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
  });
  if (compressible) varyOnAcceptEncoding(headers);
  if (cacheControl === REVALIDATE) {
    const etag = etagOf(body);
    headers.set('ETag', etag);
    if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return new Response(null, { status: 304, headers });
  }
  let sent = responseBytes(body);
  // The best accepted coding that has a copy (a copy is not written when it would not be smaller).
  for (const encoding of compressible ? acceptedEncodings(c.req.header('Accept-Encoding')) : []) {
    const copy = await readInside(root, file + ENCODING_SUFFIX[encoding]);
    if (copy === undefined) continue;
    sent = responseBytes(copy);
    headers.set('Content-Encoding', encoding);
    break;
  }
  headers.set('Content-Length', String(sent.length));
  return new Response(sent, { status: 200, headers });
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
      if (body) return send(c, root, file, body, rawPath.startsWith(ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE);
    }
    if (rawPath.startsWith(ASSETS_PREFIX)) return next();
    const index = await readInside(root, indexFile);
    if (index) return send(c, root, indexFile, index, REVALIDATE);
    c.header('Cache-Control', REVALIDATE);
    return c.text(
      'The web app is not built yet: run "npm run build", then reload this page. The API is available under /api.',
      503,
    );
  };
}
