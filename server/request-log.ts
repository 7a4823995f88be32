import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.ts';

const MAX_LOGGED_PATH = 512;

/**
 * One line per request: time, method, path, status, ms. The path is logged without its query
 * string (a `?token=` must never reach a log) and no header is logged (no token, no cookie).
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const url = c.req.url;
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const queryStart = url.indexOf('?', pathStart);
    const path = url.slice(pathStart, queryStart === -1 ? undefined : queryStart);
    logger.info({
      method: c.req.method,
      path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
