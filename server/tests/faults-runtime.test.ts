import { openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/contract/session-users.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { STORE_MESSAGES } from '../store/source.ts';
import { silentLogger } from '../logger.ts';
import { start } from '../main.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { BEARER, memoryLogger, PRODUCT, SESSION, tempDir, testApp, TOKEN, USERS_PATH } from './helpers.ts';

/**
 * Faults in the store while the server runs. The answer is 200 when the store can still answer,
 * else 503 SERVICE_UNAVAILABLE with a message: never a 500, never a crash, and the health check
 * stays up. Each case uses a real store file and real SQLite locks or damaged bytes.
 */
const dir = tempDir('faults-runtime');
afterAll(() => dir.remove());

/** A store file with the demo data checkpointed into it (no WAL left), reopened with a cold cache. */
function storeFile(name: string, users = 1_000): { file: string; open: () => SqliteStore } {
  const file = join(dir.path, name, 'store.db');
  const store = openSqliteStore(file);
  loadDemo(store, { users, seed: 11 });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return { file, open: () => openSqliteStore(file) };
}

/** Paths that between them read most pages of the store: every list page, and many users (read while it is sound). */
async function sweepPaths(store: SqliteStore): Promise<string[]> {
  const paths = ['/api/catalog', `${USERS_PATH}/user%40example.com`];
  for (let page = 1; page <= 12; page++) paths.push(`${USERS_PATH}?limit=100&page=${page}`);
  const { users } = await store.fetchUsers({ product: PRODUCT, session: SESSION, page: 3, limit: 60 });
  for (const user of users) {
    paths.push(
      `${USERS_PATH}/${encodeURIComponent(user.identifier)}?env=${user.env}`,
      `/api/users/${user.ductape_user_id}`,
    );
  }
  return paths;
}

async function sweep(app: ReturnType<typeof testApp>, paths: readonly string[]): Promise<Response[]> {
  const responses: Response[] = [];
  for (const path of paths) responses.push(await app.request(path, { headers: BEARER }));
  return responses;
}

/** 200 or 503 with the contract's error body; returns how many were 503. */
async function expectOkOrUnavailable(responses: Response[]): Promise<number> {
  let unavailable = 0;
  for (const response of responses) {
    expect([200, 503]).toContain(response.status);
    if (response.status !== 503) continue;
    unavailable += 1;
    expect(response.headers.get('retry-after')).toBe('1');
    const { error } = errorBodySchema.parse(await response.json());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.message.length).toBeGreaterThan(20);
  }
  return unavailable;
}

function overwriteAfterHeader(file: string, byte: number): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size - 4096, byte), 0, size - 4096, 4096);
  } finally {
    closeSync(fd);
  }
}

describe('another program writes to the store while the server runs', () => {
  it('reads go on from the last commit at once while it holds BEGIN EXCLUSIVE (WAL), and see its commit', async () => {
    const { file, open } = storeFile('write-lock', 200);
    const store = open();
    const app = testApp(store);
    const writer = new Database(file, { timeout: 100 });
    try {
      writer.exec('BEGIN EXCLUSIVE');
      writer.exec("INSERT INTO products (tag) VALUES ('written-meanwhile')");
      const started = performance.now();
      const responses = await sweep(app, await sweepPaths(store));
      expect(responses.map((r) => r.status).every((status) => status === 200)).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
      const before = await (await app.request('/api/catalog', { headers: BEARER })).text();
      expect(before).not.toContain('written-meanwhile');
      writer.exec('COMMIT');
      const after = await (await app.request('/api/catalog', { headers: BEARER })).text();
      expect(after).toContain('written-meanwhile');
    } finally {
      writer.close();
      store.close();
    }
  });

  it('cannot lock the server out: an exclusive-mode lock is refused to the other program, not to the server', async () => {
    const { file, open } = storeFile('exclusive-mode', 200);
    const store = open();
    const app = testApp(store);
    await app.request('/api/catalog', { headers: BEARER });
    const other = new Database(file, { timeout: 100 });
    try {
      other.pragma('locking_mode = EXCLUSIVE');
      expect(() => other.exec('BEGIN EXCLUSIVE')).toThrow(/locked/);
      expect((await app.request('/api/catalog', { headers: BEARER })).status).toBe(200);
    } finally {
      other.close();
      store.close();
    }
  });

  it('stopping the server while the other program holds the write lock closes the store at once', async () => {
    const { file } = storeFile('stop-under-lock', 200);
    const running = await start(
      { host: '127.0.0.1', port: 0, databaseUrl: `file:${file}`, token: TOKEN, tokenGenerated: false },
      { staticDir: dir.path, logger: silentLogger, print: () => {} },
    );
    await fetch(`${running.url}${USERS_PATH}?page=3`, { headers: BEARER });
    const writer = new Database(file);
    writer.exec('BEGIN EXCLUSIVE');
    writer.exec("INSERT INTO products (tag) VALUES ('pending')");
    const started = performance.now();
    try {
      await running.stop();
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    // Closed for real: nothing of the server's holds the file any more.
    const exclusive = new Database(file, { timeout: 100 });
    exclusive.pragma('locking_mode = EXCLUSIVE');
    expect(() => exclusive.exec('BEGIN EXCLUSIVE; COMMIT')).not.toThrow();
    exclusive.close();
  });
});

describe('the store file is damaged while the server runs', () => {
  it('overwritten with garbage: 503 with a message (never 500), health stays up, and reads recover once it is restored', async () => {
    const { file, open } = storeFile('overwritten');
    const original = readFileSync(file);
    const store = open();
    const logger = memoryLogger();
    const app = testApp(store, { logger });
    await app.request('/api/catalog', { headers: BEARER });
    const paths = await sweepPaths(store);

    overwriteAfterHeader(file, 0x5a);
    const damaged = await sweep(app, paths);
    expect(await expectOkOrUnavailable(damaged)).toBeGreaterThan(damaged.length / 2);
    const sample = damaged.find((response) => response.status === 503);
    expect(sample).toBeDefined();
    expect((await app.request('/api/health')).status).toBe(200);
    expect(logger.errors.every((entry) => entry.event === 'store_unavailable')).toBe(true);
    expect(logger.errors[0]).toMatchObject({ code: 'SQLITE_CORRUPT' });

    writeFileSync(file, original);
    const restored = await sweep(app, paths);
    expect(restored.map((response) => response.status).every((status) => status === 200)).toBe(true);
    expect(() => store.close()).not.toThrow();
  });

  it('says the file may be damaged when it is', async () => {
    const { file, open } = storeFile('damaged-message', 300);
    const store = open();
    const app = testApp(store);
    overwriteAfterHeader(file, 0x00);
    const response = await app.request(`${USERS_PATH}?limit=100&page=2`, { headers: BEARER });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: STORE_MESSAGES.corrupt } });
    store.close();
  });

  it('cut short: 503 with a message, never 500, and the store still closes', async () => {
    const { file, open } = storeFile('truncated');
    const store = open();
    const logger = memoryLogger();
    const app = testApp(store, { logger });
    await app.request('/api/catalog', { headers: BEARER });
    const paths = await sweepPaths(store);
    truncateSync(file, 8192);
    const responses = await sweep(app, paths);
    expect(await expectOkOrUnavailable(responses)).toBeGreaterThan(0);
    expect((await app.request('/api/health')).status).toBe(200);
    expect(logger.errors.every((entry) => entry.event === 'store_unavailable')).toBe(true);
    expect(() => store.close()).not.toThrow();
    expect(store.db.open).toBe(false);
  });

  it('deleted with its folder: the open file keeps answering until the server stops (never 500)', async () => {
    const { file, open } = storeFile('deleted', 300);
    const store = open();
    const app = testApp(store);
    const paths = await sweepPaths(store);
    rmSync(join(file, '..'), { recursive: true, force: true });
    const responses = await sweep(app, paths);
    expect(await expectOkOrUnavailable(responses)).toBe(0);
    expect(() => store.close()).not.toThrow();
  });
});
