import type { Database } from 'better-sqlite3';

/** The login-cookie revocation epoch, kept in the `meta` table (migration 2). */
export function createAccessEpoch(db: Database): { read(): number; bump(): number } {
  const read = db.prepare<[], number>("SELECT value FROM meta WHERE key = 'access_epoch'").pluck();
  const bump = db
    .prepare<[], number>("UPDATE meta SET value = value + 1 WHERE key = 'access_epoch' RETURNING value")
    .pluck();
  return {
    read: () => read.get() ?? 0,
    // Immediate: takes the write lock first, so two processes logging out at once both move it on.
    bump: db.transaction(() => bump.get() ?? 0).immediate,
  };
}
