import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

/**
 * Node answers what it cannot even parse as HTTP (a malformed request line, headers or URL over
 * 16 KB) by itself, with an empty body. This gives those answers the API's JSON error shape and
 * security headers too, with the same status Node would use.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const [status, message] = tooLarge
      ? ([431, 'The request line or headers are too large (the limit is 16 KB).'] as const)
      : timedOut
        ? ([408, 'The request took too long to arrive.'] as const)
        : ([400, 'The request could not be read as HTTP.'] as const);
    const body = JSON.stringify(errorBody('INVALID_PARAMS', message));
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      Connection: 'close',
    };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n${head.join('')}\r\n${body}`);
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

export interface ConnectionLimits {
  /** A client must send its request line and headers within this time, or gets 408 and is cut off. */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this time. */
  requestTimeoutMs: number;
  /** Open connections at most; further ones are closed as soon as they are accepted. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxConnections: 1_000,
};

/**
 * The HTTP server, guarded against slow and greedy clients: a client that dribbles its headers
 * (slowloris) is cut off after `headersTimeoutMs`, and connections beyond `maxConnections` are
 * closed at once, so neither can tie up the process; errors get the JSON shape (answerClientErrors).
 */
export function createGuardedServer(listener: RequestListener, limits: Partial<ConnectionLimits> = {}): Server {
  const { headersTimeoutMs, requestTimeoutMs, maxConnections } = { ...DEFAULT_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: Math.max(requestTimeoutMs, headersTimeoutMs),
      // Node checks the timeouts on this interval (30 s by default, which would let a slow client stay 40 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    },
    listener,
  );
  server.maxConnections = maxConnections;
  answerClientErrors(server);
  return server;
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
