import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers.ts';
import { FreshnessToken } from './freshness.ts';
import { openDatabase } from './open-database.ts';

const dir = tempDir('freshness');
afterAll(() => dir.remove());

describe('the freshness token', () => {
  it('changes on a write by this store, by raw SQL on the connection, and by another connection', () => {
    const file = join(dir.path, 'store.db');
    const db = openDatabase(file);
    const other = new Database(file);
    try {
      const freshness = new FreshnessToken(db);
      const seen = new Set([freshness.current()]);
      expect(freshness.current()).toBe(freshness.current());
      freshness.bump();
      seen.add(freshness.current());
      db.exec("INSERT INTO products (tag) VALUES ('raw')");
      seen.add(freshness.current());
      other.exec("INSERT INTO products (tag) VALUES ('other')");
      seen.add(freshness.current());
      expect(seen.size).toBe(4);
    } finally {
      other.close();
      db.close();
    }
  });

  it('never repeats across opens of the same file', () => {
    const file = join(dir.path, 'reopened.db');
    const first = openDatabase(file);
    const before = new FreshnessToken(first).current();
    first.close();
    const second = openDatabase(file);
    expect(new FreshnessToken(second).current()).not.toBe(before);
    second.close();
  });
});
