import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../listen.ts';
import { silentLogger } from '../logger.ts';
import { start, type RunningServer, type StartOptions } from '../main.ts';
import { tempDir, TOKEN } from './helpers.ts';

/**
 * Slow and greedy clients cannot tie the server up: a client that dribbles its headers is cut off
 * after the headers timeout (10 s; small here so the test is quick), and connections over the cap
 * are closed at once. Real sockets, real server.
 */
const dir = tempDir('slow-clients');
afterAll(() => dir.remove());

async function startWith(limits: StartOptions['limits']): Promise<RunningServer> {
  return start(
    { host: '127.0.0.1', port: 0, databaseUrl: 'file::memory:', token: TOKEN, tokenGenerated: false },
    { staticDir: dir.path, logger: silentLogger, print: () => {}, demo: { users: 20, seed: 1 }, limits },
  );
}

interface Connection {
  socket: Socket;
  received: () => string;
  /** Resolves with the time from connecting until the server closed the connection. */
  closed: Promise<number>;
}

function open(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let data = '';
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', () => {}); // a reset is one way of being closed
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - started)));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

function request(port: number): Promise<string> {
  return open(port).then(async (connection) => {
    connection.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await connection.closed;
    return connection.received();
  });
}

describe('a client that sends its headers too slowly', () => {
  const HEADERS_TIMEOUT_MS = 300;
  let running: RunningServer;
  beforeAll(async () => {
    running = await startWith({ headersTimeoutMs: HEADERS_TIMEOUT_MS });
  });
  afterAll(() => running.stop());

  it('is answered 408 and cut off after the headers timeout, however steadily it dribbles', async () => {
    const slow = await open(running.port);
    slow.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const dribble = setInterval(() => {
      if (slow.socket.writable) slow.socket.write(`X-Slow-${Math.random().toString(36).slice(2)}: 1\r\n`);
    }, 50);
    const elapsed = await slow.closed;
    clearInterval(dribble);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slow.received()).toContain('"code":"INVALID_PARAMS"');
    expect(elapsed).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(HEADERS_TIMEOUT_MS * 10);
  });

  it('is cut off the same way when it connects and sends nothing', async () => {
    const silent = await open(running.port);
    const elapsed = await silent.closed;
    expect(elapsed).toBeLessThan(HEADERS_TIMEOUT_MS * 10);
  });

  it('while other clients are answered as usual', async () => {
    const slow = await open(running.port);
    slow.socket.write('GET /api/health HTTP/1.1\r\n');
    expect(await request(running.port)).toMatch(/^HTTP\/1\.1 200 /);
    await slow.closed;
  });
});

describe('connections over the cap', () => {
  const CAP = 3;
  let running: RunningServer;
  beforeAll(async () => {
    running = await startWith({ maxConnections: CAP });
  });
  afterAll(() => running.stop());

  it('are closed at once, unanswered; once one frees up, a new client gets in', async () => {
    const held = await Promise.all(Array.from({ length: CAP }, () => open(running.port)));
    for (const connection of held) connection.socket.write('GET /api/health HTTP/1.1\r\n'); // never finished
    await new Promise((resolve) => setTimeout(resolve, 50));

    const over = await open(running.port);
    over.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(await over.closed).toBeLessThan(1_000);
    expect(over.received()).toBe('');

    held[0]?.socket.destroy();
    await held[0]?.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await request(running.port)).toMatch(/^HTTP\/1\.1 200 /);
    for (const connection of held) connection.socket.destroy();
  });
});

describe('the defaults', () => {
  it('are a 10 s headers timeout, a 60 s request timeout and 1,000 connections', async () => {
    expect(DEFAULT_LIMITS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, maxConnections: 1_000 });
    const running = await startWith(undefined);
    try {
      expect(running.server.headersTimeout).toBe(10_000);
      expect(running.server.requestTimeout).toBe(60_000);
      expect(running.server.maxConnections).toBe(1_000);
    } finally {
      await running.stop();
    }
  });
});
