import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { errorBody, INTERNAL_MESSAGE } from './http-errors.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

/** Thrown for problems a person can fix (port taken, bad database path): printed alone, exit 1. */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/**
 * Answers requests Node could not even turn into a Request (a bad URL or Host header) with the
 * same JSON error shape and security headers as the app, instead of a bare 400.
 */
function requestErrorResponse(error: unknown): Response {
  const bad = error instanceof RequestError;
  const body = bad
    ? errorBody('INVALID_PARAMS', 'The request could not be read (bad URL or Host header).')
    : errorBody('INTERNAL', INTERNAL_MESSAGE);
  return new Response(JSON.stringify(body), {
    status: bad ? 400 : 500,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export function nodeListener(fetch: Parameters<typeof getRequestListener>[0]) {
  return getRequestListener(fetch, { errorHandler: requestErrorResponse });
}

/** Resolves once listening; a taken port or unusable address becomes a StartupError. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new StartupError(listenErrorMessage(error, host, port), { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use. Stop the other program or set PORT to a free port.`;
    case 'EACCES':
      return `Not allowed to listen on port ${port}. Use a port above 1023 (set PORT).`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${host} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or a local address.`;
    default:
      return `Could not listen on ${host}:${port}: ${error.message}`;
  }
}

/** `http://host:port` with IPv6 literals in brackets. */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Stops accepting connections and waits for in-flight requests to finish, up to `timeoutMs`;
 * then cuts whatever is left. Idle keep-alive connections are closed as they go idle.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(reaper);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
