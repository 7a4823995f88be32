import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../demo/load-demo.ts';
import { StartupError } from '../listen.ts';
import { fillDemoIfEmpty } from '../store-setup.ts';
import { sqliteDashboard } from '../store/sqlite/sqlite-dashboard.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { tempDir, TOKEN } from './helpers.ts';
import { collect, spawnScript, STACK_FRAME, startServerProcess } from './server-process.ts';

/**
 * A store that cannot be used stops the real server (server/main.ts in its own process) at once
 * with exit code 1 and one line that says what is wrong: no stack, no hang, no restart.
 * (A missing store file is not a fault: it is created and filled with the demo data, see
 * main.test.ts "prints the URL with a generated token, serves, and exits 0 on SIGTERM".)
 */
const dir = tempDir('faults-startup');
// Others must be able to enter it: the permission cases run the server as an unprivileged user.
chmodSync(dir.path, 0o755);
afterAll(() => dir.remove());

/** Root reads and writes any file whatever its mode, so permission faults run as `nobody` there. */
const IS_ROOT = process.getuid?.() === 0;
const UNPRIVILEGED = IS_ROOT ? 65534 : undefined;

const goodStore = join(dir.path, 'good', 'store.db');
{
  const store = openSqliteStore(goodStore);
  loadDemo(store, { users: 50, seed: 1 });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

function place(name: string): string {
  const folder = join(dir.path, name);
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, 0o777);
  return folder;
}

async function runServer(databaseFile: string, uid?: number) {
  const child = spawnScript('server/main.ts', [], {
    env: { DATABASE_URL: `file:${databaseFile}`, DASHBOARD_TOKEN: TOKEN },
    uid,
  });
  const started = performance.now();
  const output = await collect(child, 45_000);
  return { ...output, ms: performance.now() - started };
}

interface StartFault {
  name: string;
  /** Makes the fault and returns the store path to start with. */
  setUp: () => string;
  message: RegExp;
  uid?: number;
  skip?: string;
}

const faults: StartFault[] = [
  {
    name: 'its folder cannot be created: a file stands where a folder should be',
    setUp: () => {
      writeFileSync(join(place('file-in-the-way'), 'data'), 'not a folder');
      return join(dir.path, 'file-in-the-way', 'data', 'store.db');
    },
    message: /^Cannot create the folder .*file-in-the-way\/data for the database: part of that path is a file/,
  },
  {
    name: 'its folder cannot be created: under /proc, where mkdir always fails',
    setUp: () => '/proc/self/no-such-folder/store.db',
    message: /^Cannot create the folder \/proc\/self\/no-such-folder for the database \(ENOENT/,
    skip: existsSync('/proc/self') ? undefined : 'no /proc on this system',
  },
  {
    name: 'unreadable: the file has mode 000',
    setUp: () => {
      const file = join(place('mode-000'), 'store.db');
      writeFileSync(file, readFileSync(goodStore));
      chmodSync(file, 0o000);
      return file;
    },
    message: /^Cannot open the database at .*mode-000\/store\.db: this user may not read and write that file/,
    uid: UNPRIVILEGED,
  },
  {
    name: 'unwritable: the folder has mode 555, so SQLite cannot create its files there',
    setUp: () => {
      const folder = place('mode-555');
      chmodSync(folder, 0o555);
      return join(folder, 'store.db');
    },
    message: /^Cannot open the database at .*mode-555\/store\.db: this user may not create files in .*mode-555/,
    uid: UNPRIVILEGED,
  },
  {
    name: 'unreadable: the path is a folder',
    setUp: () => place('a-folder.db'),
    message: /^Cannot open the database at .*a-folder\.db: that is a folder, not a database file/,
  },
  {
    name: 'unreadable: the path is a symbolic link loop',
    setUp: () => {
      const folder = place('loop');
      symlinkSync(join(folder, 'b.db'), join(folder, 'a.db'));
      symlinkSync(join(folder, 'a.db'), join(folder, 'b.db'));
      return join(folder, 'a.db');
    },
    message: /^Cannot open the database at .*loop\/a\.db: it is a symbolic link that leads round in a loop/,
  },
  {
    name: 'corrupt: garbage bytes',
    setUp: () => {
      const file = join(place('garbage'), 'store.db');
      writeFileSync(file, Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) & 0xff)));
      return file;
    },
    message: /^.*garbage\/store\.db is not a readable SQLite database \(it may be corrupt\)\. Move it away/,
  },
  {
    name: 'corrupt: a real store with its pages overwritten after the header',
    setUp: () => {
      const file = join(place('overwritten'), 'store.db');
      const bytes = readFileSync(goodStore);
      bytes.fill(0x5a, 100);
      writeFileSync(file, bytes);
      return file;
    },
    message: /^.*overwritten\/store\.db is not a readable SQLite database \(it may be corrupt\)/,
  },
  {
    name: 'from a newer version: its schema is newer than this build',
    setUp: () => {
      const file = join(place('newer'), 'store.db');
      writeFileSync(file, readFileSync(goodStore));
      const db = new Database(file);
      db.pragma('user_version = 999');
      db.close();
      return file;
    },
    message:
      /^Cannot open the database at .*newer\/store\.db: The database is at schema version 999, newer than this build knows/,
  },
];

describe('the server refuses a store it cannot use with one clear line and exit code 1', () => {
  it.concurrent.each(faults)(
    '$name',
    async (fault) => {
      if (fault.skip) return void console.warn(`skipped: ${fault.skip}`);
      const file = fault.setUp();
      const { code, stdout, stderr } = await runServer(file, fault.uid);
      expect(code, stderr).toBe(1);
      expect(stderr).toMatch(fault.message);
      expect(stderr.trimEnd().split('\n'), 'one line').toHaveLength(1);
      expect(stderr).not.toMatch(STACK_FRAME);
      expect(stdout).not.toContain('Dashboard ready');
    },
    60_000,
  );
});

describe('a store that fills up while the demo data loads', () => {
  it('is a start-up problem with one clear line, and the store stays empty (all or nothing)', async () => {
    const store = openSqliteStore(join(place('full'), 'store.db'));
    try {
      // A real SQLITE_FULL: the file may not grow past 64 pages, as on a full disk.
      store.db.pragma('max_page_count = 64');
      const dashboard = sqliteDashboard(store);
      await expect(fillDemoIfEmpty(dashboard, () => {}, { users: 2_000, seed: 1 })).rejects.toThrow(StartupError);
      await expect(fillDemoIfEmpty(dashboard, () => {}, { users: 2_000, seed: 1 })).rejects.toThrow(
        /^Could not load the demo data into .*full\/store\.db: database or disk is full\.$/,
      );
      expect(store.isEmpty()).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('a store locked by another program at start', () => {
  it('stops the server after the busy timeout with a clear line, and it starts once the lock is gone', async () => {
    const file = join(place('locked'), 'store.db');
    writeFileSync(file, readFileSync(goodStore));
    // An exclusive-mode connection that has written keeps every other connection out until it closes.
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    holder.exec("INSERT INTO products (tag) VALUES ('locker')");
    holder.exec('COMMIT');

    const locked = await runServer(file);
    holder.close();
    expect(locked.code, locked.stderr).toBe(1);
    expect(locked.stderr).toMatch(/^The database at .*locked\/store\.db is locked by another program\. Try again/);
    expect(locked.stderr).not.toMatch(STACK_FRAME);
    // Waits out the 5 s busy timeout, then stops: no hang, no retry loop.
    expect(locked.ms).toBeLessThan(30_000);

    const { child, url, output } = await startServerProcess({ DATABASE_URL: `file:${file}`, DASHBOARD_TOKEN: TOKEN });
    const catalog = await fetch(`${url}/api/catalog`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(catalog.status).toBe(200);
    child.kill('SIGTERM');
    expect((await output).code).toBe(0);
  }, 90_000);
});
