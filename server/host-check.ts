import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './http-errors.ts';

const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** `localhost`, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1') return true;
  const v4 = name.replace(/^::ffff:/, '');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The Host names to answer, or undefined to answer any. Bound to loopback, only loopback names
 * (and the bound address itself) plus ALLOWED_HOSTS: otherwise a web page on another site could
 * reach the server through DNS rebinding (its own name, resolving to 127.0.0.1). Bound to another
 * address, any name unless ALLOWED_HOSTS is set (then those and the loopback names).
 */
export function hostAllowList(bindHost: string, allowedHosts: readonly string[] = []): readonly string[] | undefined {
  const loopback = isLoopback(bindHost);
  if (!loopback && allowedHosts.length === 0) return undefined;
  const bound = isIP(bindHost) === 6 ? `[${bindHost.toLowerCase()}]` : bindHost.toLowerCase();
  return [...new Set([...LOOPBACK_NAMES, ...(loopback ? [bound] : []), ...allowedHosts])];
}

/** Answers 403 FORBIDDEN to a request whose Host (any port) is not in `allowed`. */
export function allowedHostsOnly(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((name) => name.toLowerCase()));
  const message = `This server answers only to ${[...names].join(', ')} (any port). To reach it by another name, add the name to ALLOWED_HOSTS.`;
  return async (c, next) => {
    // The URL's host is the request's Host header (@hono/node-server builds it from that).
    if (names.has(new URL(c.req.url).hostname)) return next();
    return errorResponse(c, 403, 'FORBIDDEN', message);
  };
}
