import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/contract/ingest.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { INGEST_PATH } from '../ingest-access.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { errorOf, INGEST_BEARER, INGEST_TOKEN, storeFingerprint, tempDir, testApp, TOKEN } from './helpers.ts';
import { integrityOf, startServerProcess } from './server-process.ts';

/**
 * A store that cannot take a write answers 503 SERVICE_UNAVAILABLE with Retry-After, and never
 * applies part of a batch: locked by another program, read-only, or full. Real SQLite conditions
 * on a real file, each reached the way it happens in the field.
 */
const dir = tempDir('faults-ingest');
// Others must be able to enter it: the read-only file case runs the server as an unprivileged user.
chmodSync(dir.path, 0o777);
afterAll(() => dir.remove());

/** Root writes any file whatever its mode, so the read-only file runs the server as `nobody` there. */
const IS_ROOT = process.getuid?.() === 0;

function storeFile(name: string): { file: string; store: SqliteStore } {
  const file = join(dir.path, `${name}.db`);
  const store = openSqliteStore(file);
  loadDemo(store, { users: 200, seed: 4 });
  return { file, store };
}

function batch(size: number, tag: string): SessionRecord[] {
  const start = Date.UTC(2026, 3, 1);
  return Array.from({ length: size }, (_, i) => ({
    product: `product-${tag}`,
    session: 'login',
    env: 'production',
    identifier: `${tag}-${i}@example.com`,
    session_id: `${tag}-${i}`,
    start_at: new Date(start + i * 1000).toISOString(),
    end_at: new Date(start + i * 1000 + 3_600_000).toISOString(),
  }));
}

async function post(app: ReturnType<typeof testApp>, records: SessionRecord[]): Promise<Response> {
  return app.request(INGEST_PATH, {
    method: 'POST',
    headers: { ...INGEST_BEARER, 'Content-Type': 'application/json' },
    body: JSON.stringify({ records }),
  });
}

async function expectUnavailable(response: Response): Promise<void> {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  const error = await errorOf(response);
  expect(error.code).toBe('SERVICE_UNAVAILABLE');
  expect(error.message.length).toBeGreaterThan(20);
}

describe('a store that cannot take the batch answers 503 with Retry-After and applies none of it', () => {
  it('locked: another program holds the write lock past the busy timeout', async () => {
    const { file, store } = storeFile('locked');
    store.db.pragma('busy_timeout = 200');
    const app = testApp(store, { ingestToken: INGEST_TOKEN });
    const other = new Database(file);
    try {
      const before = storeFingerprint(store);
      other.exec('BEGIN IMMEDIATE');
      await expectUnavailable(await post(app, batch(50, 'locked')));
      other.exec('ROLLBACK');
      expect(storeFingerprint(store)).toBe(before);
      // Once the lock is gone, the same batch goes in.
      expect((await post(app, batch(50, 'locked'))).status).toBe(200);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('read-only: the connection may not write (query_only, as on a read-only mount)', async () => {
    const { store } = storeFile('read-only');
    const app = testApp(store, { ingestToken: INGEST_TOKEN });
    try {
      const before = storeFingerprint(store);
      store.db.pragma('query_only = ON');
      await expectUnavailable(await post(app, batch(50, 'read-only')));
      store.db.pragma('query_only = OFF');
      expect(storeFingerprint(store)).toBe(before);
    } finally {
      await store.close();
    }
  });

  it('read-only: the store file has mode 444 (the real server, as a user that may not write it)', async () => {
    const { file, store } = storeFile('read-only-file');
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = storeFingerprint(store);
    await store.close();
    chmodSync(file, 0o444);
    const server = await startServerProcess(
      { DATABASE_URL: `file:${file}`, DASHBOARD_TOKEN: TOKEN, INGEST_TOKEN },
      { uid: IS_ROOT ? 65534 : undefined },
    );
    try {
      const response = await fetch(`${server.url}${INGEST_PATH}`, {
        method: 'POST',
        headers: { ...INGEST_BEARER, 'Content-Type': 'application/json' },
        body: JSON.stringify({ records: batch(50, 'read-only-file') }),
      });
      await expectUnavailable(response);
      const read = await fetch(`${server.url}/api/catalog`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(read.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.output;
    }
    chmodSync(file, 0o644);
    expect(integrityOf(file)).toBe('ok');
    const reopened = openSqliteStore(file);
    expect(storeFingerprint(reopened)).toBe(before);
    await reopened.close();
  }, 60_000);

  it('full: the disk fills up in the middle of a 1,000-record batch', async () => {
    const { store } = storeFile('full');
    const app = testApp(store, { ingestToken: INGEST_TOKEN });
    try {
      const before = storeFingerprint(store);
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      // A real SQLITE_FULL: the file may grow by a few pages only, far less than the batch needs.
      store.db.pragma(`max_page_count = ${pages + 3}`);
      await expectUnavailable(await post(app, batch(1_000, 'full')));
      expect(storeFingerprint(store)).toBe(before);
      store.db.pragma('max_page_count = 4294967294');
      expect((await post(app, batch(1_000, 'full'))).status).toBe(200);
    } finally {
      await store.close();
    }
  });
});
