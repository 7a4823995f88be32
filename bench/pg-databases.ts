import postgres from 'postgres';

/** Helpers for the benchmarks' PostgreSQL databases: copies made by TEMPLATE, dropped after. */

/** A PostgreSQL URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.href;
}

export const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function withAdmin<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** A writable copy of a PostgreSQL database (it and `<name>_template` are tried as templates). */
export async function copyDatabase(url: string, name: string, log: (line: string) => void): Promise<string> {
  const source = databaseOf(url);
  await withAdmin(url, async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    try {
      await sql.unsafe(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(source)}`);
    } catch (error) {
      // A template may have no other connections: a shared database read by others has a spare.
      if ((error as { code?: string }).code !== '55006') throw error;
      log(`${source} is in use by others: copying ${source}_template instead`);
      await sql.unsafe(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(`${source}_template`)}`);
    }
  });
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await withAdmin(url, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
}
