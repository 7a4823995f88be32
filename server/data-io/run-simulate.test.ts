import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { INGEST_TOKEN, testApp } from '../tests/helpers.ts';
import { runSimulate } from './run-simulate.ts';
import { captureIo } from './test-io.ts';

// A port the system picks: a fixed one can be taken as another connection's local port.
let URL = '';
const store = openSqliteStore(':memory:');
let server: ServerType;

beforeAll(async () => {
  const app = testApp(store, { ingestToken: INGEST_TOKEN });
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      URL = `http://127.0.0.1:${info.port}`;
      ready();
    });
  });
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await store.close();
});

describe('npm run simulate', () => {
  it('sends new users, returning users, refreshes and revocations through the ingest API', async () => {
    const run = captureIo(':memory:', { INGEST_TOKEN });
    expect(await runSimulate(['--url', URL, '--rate', '200', '--count', '400'], run.io)).toBe(0);
    expect(run.stdout()).toContain('Sent 400 session records.');
    expect(run.stdout()).toMatch(/new users?/);
    expect(run.stdout()).toMatch(/returning users?/);
    expect(run.stdout()).toMatch(/refresh/);
    expect(run.stdout()).toMatch(/revocation/);
    const users = await store.fetchUsers({ product: 'my-product', session: 'user-session', page: 1, limit: 10 });
    expect(users.total).toBeGreaterThan(50);
  });

  it('says so, in one line, when the token is wrong, missing, or nothing listens', async () => {
    const wrong = captureIo(':memory:', { INGEST_TOKEN: 'not-the-ingest-token-000' });
    expect(await runSimulate(['--url', URL, '--count', '1'], wrong.io)).toBe(1);
    expect(wrong.stderr()).toContain('INGEST_TOKEN is not the token the dashboard was started with');

    const missing = captureIo(':memory:');
    expect(await runSimulate(['--url', URL, '--count', '1'], missing.io)).toBe(2);
    expect(missing.stderr()).toContain('Set INGEST_TOKEN');

    const down = captureIo(':memory:', { INGEST_TOKEN });
    expect(await runSimulate(['--url', 'http://127.0.0.1:43121', '--count', '1'], down.io)).toBe(1);
    expect(down.stderr()).toContain('Cannot reach the dashboard at http://127.0.0.1:43121 (ECONNREFUSED)');
  });
});
