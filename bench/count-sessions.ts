import postgres from 'postgres';

/** Sessions in the store at `url` (a `file:` SQLite path or a PostgreSQL URL), for a benchmark's description. */
export async function countSessions(url: string): Promise<number> {
  if (url.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(url.slice('file:'.length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM user_sessions').pluck().get() as number;
    } finally {
      db.close();
    }
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // The planner's estimate (kept by VACUUM/ANALYZE): counting 10 M rows would take seconds.
    const [row] = await sql<
      { n: number }[]
    >`SELECT reltuples::bigint::int AS n FROM pg_class WHERE relname = 'user_sessions'`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}
