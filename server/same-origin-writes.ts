import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from './http-errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CROSS_SITE_MESSAGE =
  'Cross-site requests may not change anything here: send it from the dashboard itself, or from a script (which sends no Origin header).';
const JSON_ONLY_MESSAGE = 'Send the body as JSON (Content-Type: application/json).';

/**
 * Every request that changes state (login, logout, ingest…) must come from the dashboard's own
 * pages or from a script, never from another site (CSRF, such as a form that logs the admin out):
 * - `Sec-Fetch-Site`, set by browsers and not by scripts, must be `same-origin` or `none`;
 * - `Origin`, when sent, must name this server (the Host, or X-Forwarded-Host behind a proxy);
 * - a body must be JSON: a form (`text/plain`, urlencoded, multipart) is refused even same-site.
 * Scripts like curl send neither header and pass. Answers 403 FORBIDDEN (400 for the body type).
 */
export function sameOriginWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return errorResponse(c, 403, 'FORBIDDEN', CROSS_SITE_MESSAGE);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !originIsThisServer(origin, c)) {
      return errorResponse(c, 403, 'FORBIDDEN', CROSS_SITE_MESSAGE);
    }
    const type = c.req.header('content-type');
    if (type === undefined ? hasBody(c) : !isJson(type))
      return errorResponse(c, 400, 'INVALID_PARAMS', JSON_ONLY_MESSAGE);
    return next();
  };
}

function originIsThisServer(origin: string, c: Context): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed frame, a file) or garbage
  }
  if (from.origin === 'null') return false;
  const names = [c.req.header('host') ?? new URL(c.req.url).host, c.req.header('x-forwarded-host')];
  // Each name is read with the origin's scheme, so a default port written out or left off compares
  // equal; the scheme itself is not compared, as a TLS proxy in front makes https look like http here.
  return names.some((name) => name !== undefined && sameHost(from, name.split(',')[0]?.trim() ?? ''));
}

function sameHost(from: URL, host: string): boolean {
  try {
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

function isJson(contentType: string): boolean {
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json';
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return c.req.header('transfer-encoding') !== undefined || (length !== undefined && length.trim() !== '0');
}
