import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import { migrate } from './migrate.ts';

/** Opens (creating if needed) the database file, sets the connection up and migrates the schema. */
export function openDatabase(filePath: string, cacheMb = 64): Database.Database {
  if (filePath !== ':memory:') createFolders(dirname(filePath));
  const db = new Database(filePath);
  try {
    // Readers never block the writer (the seed command can fill the file while the server reads).
    db.pragma('journal_mode = WAL');
    // A commit returns only once the WAL is on disk (fsync): an acknowledged ingest batch survives
    // a crash or a power cut. With WAL this costs one fsync per write transaction, nothing on reads
    // (measured in docs/reliability.md).
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * `mkdir -p`, one level at a time from the deepest folder that exists. Node's own recursive
 * mkdir never returns where a folder cannot be made although its parent exists (under /proc,
 * say: ENOENT each time), which would hang the server at start instead of failing clearly.
 */
export function createFolders(folder: string): void {
  const missing: string[] = [];
  for (let current = folder; !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  if (missing.length === 0 && !statSync(folder).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, ${folder}`), { code: 'ENOTDIR' });
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made by someone else in the meantime: fine, as long as it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(path).isDirectory()) throw error;
    }
  }
}
