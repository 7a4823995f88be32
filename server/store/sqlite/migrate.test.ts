import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MIGRATIONS } from './migrations.ts';
import { schemaVersion } from './migrate.ts';
import { openDatabase } from './open-database.ts';
import { openSqliteStore } from './sqlite-store.ts';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

describe('schema and connection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('numbers migrations 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('creates the file and its folders, migrates once, and reopens without migrating again', () => {
    const file = join(dir, 'nested', 'deeper', 'store.db');
    const first = openDatabase(file);
    expect(schemaVersion(first)).toBe(LATEST);
    first.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(LATEST);
    again.close();
  });

  it('uses WAL with foreign keys on', () => {
    const db = openDatabase(join(dir, 'pragmas.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // FULL: a commit (an acknowledged ingest batch) is on disk before it returns.
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('refuses a database from a newer build', () => {
    const file = join(dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 1}`);
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this build knows/);
  });
});
