import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadDemo } from '../../demo/load-demo.ts';
import { migrate, schemaVersion } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';

describe('the access epoch (logout revocation)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'access-epoch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at 0, moves on with each bump, and survives closing and reopening the file', async () => {
    const file = join(dir, 'store.db');
    const store = openSqliteStore(file);
    expect(await store.accessEpoch()).toBe(0);
    expect(await store.bumpAccessEpoch()).toBe(1);
    expect(await store.bumpAccessEpoch()).toBe(2);
    expect(await store.accessEpoch()).toBe(2);
    store.close();

    const reopened = openSqliteStore(file);
    expect(await reopened.accessEpoch()).toBe(2);
    reopened.close();
  });

  it('is seen by another connection to the same file at once', async () => {
    const file = join(dir, 'shared.db');
    const one = openSqliteStore(file);
    const two = openSqliteStore(file);
    await one.bumpAccessEpoch();
    expect(await two.accessEpoch()).toBe(1);
    one.close();
    two.close();
  });

  it('is added to a database made by the first schema version, at 0', async () => {
    const file = join(dir, 'v1.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    old.close();

    const store = openSqliteStore(file);
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.at(-1)?.version);
    expect(await store.accessEpoch()).toBe(0);
    store.close();
  });

  it('is kept when the store is cleared (seed --reset), so logged-out cookies stay out', async () => {
    const store = openSqliteStore(join(dir, 'cleared.db'));
    loadDemo(store, { users: 20, seed: 1 });
    await store.bumpAccessEpoch();
    store.clear();
    expect(store.isEmpty()).toBe(true);
    expect(await store.accessEpoch()).toBe(1);
    expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
    loadDemo(store, { users: 20, seed: 1 });
    expect(store.countUsers()).toBeGreaterThan(0);
    store.close();
  });
});
