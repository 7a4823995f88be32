import type { Database } from 'better-sqlite3';

import { MIGRATIONS, type Migration } from './migrations.ts';

/** Brings the schema up to date, one transaction per migration, tracked in `PRAGMA user_version`. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(
      `The database is at schema version ${current}, newer than this build knows (${latest}); use a newer build or another DATABASE_URL.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if (schemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
