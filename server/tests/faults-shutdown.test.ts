import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load-demo.ts';
import { HEAVY_USER } from '../demo/showcase.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { tempDir, TOKEN, USERS_PATH } from './helpers.ts';
import { collect, integrityOf, spawnScript, startServerProcess, waitForOutput } from './server-process.ts';

/**
 * Stopping in the middle of work: SIGTERM to the real server under load lets every request it
 * accepted finish with a complete 200 and exits 0; SIGINT to the seed command leaves a store that
 * opens cleanly, with all of the new data or none of it.
 */
const dir = tempDir('faults-shutdown');
afterAll(() => dir.remove());

interface Outcome {
  status?: number;
  /** The whole body arrived and is JSON. */
  complete: boolean;
  /** A connection error before any response byte: the server never took the request. */
  refused?: string;
  endedAt: number;
}

/** One GET on its own connection (no keep-alive pool), reporting exactly how it ended. */
function getOnce(url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => {});
      res.on('close', () => {
        let complete = res.complete;
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          complete = false;
        }
        resolve({ status: res.statusCode, complete, endedAt: performance.now() });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ complete: false, refused: error.code ?? error.message, endedAt: performance.now() });
    });
    req.end();
  });
}

describe('SIGTERM while the server is busy', () => {
  it('finishes every accepted request with a complete 200, exits 0, and leaves the store sound', async () => {
    const file = join(dir.path, 'sigterm', 'store.db');
    const seeded = openSqliteStore(file);
    loadDemo(seeded, { users: 2_000, seed: 9 });
    const users = seeded.countUsers();
    seeded.close();

    const { child, url, output } = await startServerProcess({ DATABASE_URL: `file:${file}`, DASHBOARD_TOKEN: TOKEN });
    // A mix of cheap and slow requests: the heavy user's 10,000 sessions take a while to send.
    const paths = Array.from({ length: 200 }, (_, i) => {
      if (i % 10 === 0) return `${USERS_PATH}/${encodeURIComponent(HEAVY_USER)}`;
      if (i % 10 === 1) return '/api/catalog';
      if (i % 10 === 2) return `${USERS_PATH}/user%40example.com?env=production`;
      return `${USERS_PATH}?limit=100&page=${(i % 20) + 1}${i % 3 === 0 ? '&env=production' : ''}`;
    });
    const outcomes = paths.map((path) => getOnce(`${url}${path}`));
    const firstDone = await Promise.race(outcomes);
    expect(firstDone.status).toBe(200);
    const signalledAt = performance.now();
    child.kill('SIGTERM');
    const results = await Promise.all(outcomes);
    const { code, stdout } = await output;

    expect(code).toBe(0);
    expect(stdout).toContain('SIGTERM: finishing open requests');
    const answered = results.filter((result) => result.refused === undefined);
    for (const result of answered) expect(result).toMatchObject({ status: 200, complete: true });
    for (const result of results.filter((r) => r.refused !== undefined)) {
      expect(['ECONNREFUSED', 'ECONNRESET', 'socket hang up', 'EPIPE']).toContain(result.refused);
    }
    // Requests were in flight when the signal came, and they were finished, not dropped.
    expect(answered.filter((result) => result.endedAt > signalledAt).length).toBeGreaterThan(0);
    // Every request the server took (one log line each) reached its client whole.
    const logged = stdout.split('\n').filter((line) => line.startsWith('{') && line.includes('"status":'));
    expect(logged.length).toBe(answered.length);
    expect(logged.every((line) => line.includes('"status":200'))).toBe(true);

    expect(integrityOf(file)).toBe('ok');
    const reopened = openSqliteStore(file);
    expect(reopened.countUsers()).toBe(users);
    reopened.close();
  }, 60_000);
});

describe('SIGINT to npm run seed', () => {
  const indexCount = (file: string) => {
    const store = openSqliteStore(file);
    try {
      return (store.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index'").get() as { n: number })
        .n;
    } finally {
      store.close();
    }
  };

  it.each([
    ['while writing users', /\b[2-9]0% [\d,]+\/100,000 users/],
    ['while building the indexes', /Building indexes/],
  ])(
    '%s leaves a store that opens sound, with none of the half-written data',
    async (_phase, moment) => {
      const file = join(dir.path, `seed-${moment.source.length}`, 'store.db');
      const child = spawnScript('server/demo/seed-command.ts', ['--users', '100000', '--seed', '3'], {
        env: { DATABASE_URL: `file:${file}` },
      });
      const output = collect(child, 60_000);
      await waitForOutput(child, 'stderr', moment);
      child.kill('SIGINT');
      const { signal, stderr } = await output;
      expect(signal, stderr).toBe('SIGINT');
      expect(stderr).not.toContain('Done:');

      expect(integrityOf(file)).toBe('ok');
      const store = openSqliteStore(file);
      try {
        expect(store.isEmpty()).toBe(true);
        expect(store.countUsers()).toBe(0);
        expect(store.db.prepare('SELECT count(*) AS n FROM session_users').get()).toEqual({ n: 0 });
        expect(store.db.prepare('SELECT count(*) AS n FROM user_sessions').get()).toEqual({ n: 0 });
      } finally {
        store.close();
      }
      // The indexes a bulk load drops come back with the rollback.
      expect(indexCount(file)).toBe(indexCount(join(dir.path, 'fresh', 'store.db')));
    },
    60_000,
  );
});
