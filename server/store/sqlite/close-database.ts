import type { Database } from 'better-sqlite3';

/**
 * Closes the connection, refreshing the planner's statistics first when that is quick. Statistics
 * are a nice-to-have: never wait for another writer's lock (a seed running next to the server)
 * and never let a damaged file keep the connection open. Closing twice is harmless.
 */
export function closeDatabase(db: Database): void {
  if (!db.open) return;
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('optimize');
  } catch {
    // Closing matters more than the statistics.
  } finally {
    db.close();
  }
}
