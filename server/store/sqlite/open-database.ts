import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import { migrate } from './migrate.ts';

/** Opens (creating if needed) the database file, sets the connection up and migrates the schema. */
export function openDatabase(filePath: string): Database.Database {
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath);
  try {
    // Readers never block the writer (the seed command can fill the file while the server reads).
    db.pragma('journal_mode = WAL');
    // Safe with WAL: a power cut can lose the last commits but never corrupts the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
