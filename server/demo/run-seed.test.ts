import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { runSeedCommand } from './run-seed.ts';

describe('npm run seed', () => {
  let dir: string;
  let url: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seed-'));
    url = `file:${join(dir, 'data', 'seeded.db')}`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[], env: Record<string, string | undefined> = { DATABASE_URL: url }) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSeedCommand(argv, {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      env,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  function usersIn(path: string): number {
    const store = openSqliteStore(path);
    try {
      return store.countUsers();
    } finally {
      store.close();
    }
  }

  it('seeds an empty store, refuses a full one, and replaces it with --reset', async () => {
    const first = await run(['--users', '800', '--seed', '3']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Done: 800 users and [\d,]+ sessions in \d+\.\ds\./);
    expect(first.stderr).toContain('100% 800/800 users');
    expect(usersIn(join(dir, 'data', 'seeded.db'))).toBe(800);

    const refused = await run(['--users', '500']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds 800 users. Nothing was changed.');
    expect(refused.stderr).toContain('--reset');
    expect(usersIn(join(dir, 'data', 'seeded.db'))).toBe(800);

    const reset = await run(['--users', '500', '--reset']);
    expect(reset.code).toBe(0);
    expect(reset.stderr).toContain('Deleting the 800 users');
    expect(usersIn(join(dir, 'data', 'seeded.db'))).toBe(500);
  });

  it('prints help on stdout', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: npm run seed -- [--users N] [--seed S] [--reset]');
  });

  it('exits 2 with a clear message on bad arguments or DATABASE_URL', async () => {
    const bad = await run(['--users', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--users must be a whole number');
    expect(bad.stderr).toContain('npm run seed -- --help');

    const url = await run([], { DATABASE_URL: 'mysql://root:pw@localhost/x' });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('"mysql:"');
    expect(url.stderr).not.toContain('pw@');
  });
});
