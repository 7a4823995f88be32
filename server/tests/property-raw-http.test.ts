import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, errorBodySchema } from '../../src/contract/session-users.ts';
import { silentLogger } from '../logger.ts';
import { start, type RunningServer } from '../main.ts';
import { tempDir, TOKEN } from './helpers.ts';
import { anyText, BROKEN_PERCENT, NUMBER_EDGES, RUNS } from './property-inputs.ts';

/**
 * The same promise over a real socket: raw request targets that no fetch() would send (bytes that
 * are not UTF-8, controls, spaces, 20 KB and more) reach Node's own HTTP parser first. Whatever
 * comes, the answer is 200 or a 4xx with the JSON error shape, and the server keeps serving.
 */
const RAW_RUNS = Math.min(RUNS, 500);
const dir = tempDir('raw-http');
let running: RunningServer;
beforeAll(async () => {
  running = await start(
    { host: '127.0.0.1', port: 0, databaseUrl: 'file::memory:', token: TOKEN, tokenGenerated: false },
    { staticDir: dir.path, logger: silentLogger, print: () => {}, demo: { users: 100, seed: 5 } },
  );
});
afterAll(async () => {
  await running.stop();
  dir.remove();
});

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** One request on its own connection, exactly these bytes; the reply is read until the server closes. */
function rawRequest(port: number, bytes: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const raw = text.slice(split + 4);
      const body = headers.get('transfer-encoding') === 'chunked' ? unchunk(raw) : raw;
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body });
    });
  });
}

function unchunk(raw: string): string {
  let out = '';
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (!(size > 0)) return out;
    const data = Buffer.from(rest.slice(end + 2), 'utf8');
    out += data.subarray(0, size).toString('utf8');
    rest = data.subarray(size + 2).toString('utf8');
  }
}

/** Target bytes: text as UTF-8, raw bytes that are not UTF-8, and broken escapes, up to 20 KB. */
const targetPiece = fc.oneof(
  anyText.map((text) => Buffer.from(text, 'utf8')),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
  fc
    .constantFrom(...BROKEN_PERCENT, ...NUMBER_EDGES, '/', '?', '&', '=', '#', ' ', '..')
    .map((text) => Buffer.from(text)),
  fc.integer({ min: 1, max: 20 * 1024 }).map((length) => Buffer.alloc(length, 'a')),
);
const ROUTES = [
  '/api/health',
  '/api/catalog',
  '/api/openapi.json',
  '/api/users/',
  '/api/products/my-product/sessions/user-session/users',
  '/api/products/my-product/sessions/user-session/users/',
  '/api/products/',
];
const target = fc
  .tuple(fc.constantFrom(...ROUTES), fc.array(targetPiece, { maxLength: 5 }))
  .map(([route, pieces]) => Buffer.concat([Buffer.from(route), ...pieces]));

describe(`raw HTTP request targets (${RAW_RUNS} generated requests)`, () => {
  it('are answered with 200 or a 4xx in the JSON error shape', async () => {
    await fc.assert(
      fc.asyncProperty(target, fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE'), async (path, method) => {
        const head = Buffer.concat([
          Buffer.from(`${method} `),
          path,
          Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n`),
          Buffer.from(method === 'POST' ? 'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}' : '\r\n'),
        ]);
        const response = await rawRequest(running.port, head);
        const label = `${method} ${path.toString('latin1').slice(0, 200)} → ${response.status}`;
        expect(response.status === 200 || (response.status >= 400 && response.status < 500), label).toBe(true);
        if (method === 'HEAD' || response.status === 200) return;
        expect(response.headers.get('content-type'), label).toMatch(/^application\/json/);
        const error = errorBodySchema.parse(JSON.parse(response.body)).error;
        expect(ERROR_CODES as readonly string[], label).toContain(error.code);
      }),
      { numRuns: RAW_RUNS },
    );
    const health = await fetch(`${running.url}/api/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});
