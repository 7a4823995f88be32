import postgres from 'postgres';
import { migratePostgres, PG_MIGRATIONS } from '../server/store/postgres/pg-migrations.ts';

/**
 * The shared 1,000,000-user PostgreSQL database is read only (other benchmarks read it), so when
 * this build's schema is newer than its own, the benchmark runs on a copy made once from its
 * template (`<name>_template`, as /work/pgbench/README says) and named for the schema version:
 * `<name>_schema<version>`, and migrated here (the first time only: the copy is kept for the next
 * run, and a later schema makes a new one). Returns the URL
 * to benchmark.
 */
export async function postgresAtThisSchema(url: string, log: (line: string) => void = console.log): Promise<string> {
  const latest = PG_MIGRATIONS.at(-1)?.version ?? 0;
  const admin = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
  try {
    const [row] = await admin<{ version: number }[]>`
      SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations`;
    if ((row?.version ?? 0) >= latest) return url;
    const source = new URL(url).pathname.slice(1);
    const copy = `${source}_schema${latest}`;
    const template = `${source}_template`;
    const [found] = await admin<{ copy: boolean; template: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${copy}) AS copy,
             EXISTS (SELECT 1 FROM pg_database WHERE datname = ${template}) AS template`;
    if (found?.copy !== true) {
      if (found?.template !== true) {
        throw new Error(
          `${source} is at schema ${row?.version ?? 0}, this build at ${latest}, and there is no ${template} to copy`,
        );
      }
      log(`  ${source} is at schema ${row?.version ?? 0}: copying ${template} to ${copy} (once; about a minute)…`);
      await admin.unsafe(`CREATE DATABASE ${quoted(copy)} TEMPLATE ${quoted(template)}`);
    }
    const target = new URL(url);
    target.pathname = `/${copy}`;
    const copied = postgres(target.toString(), { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      log(`  migrating ${copy} to schema ${latest}…`);
      await migratePostgres(copied);
      // What autovacuum would do soon after: tables a migration filled get their statistics and a
      // visibility map (index-only reads), so the first benchmark after a migration measures the store as it runs.
      await copied`VACUUM (ANALYZE)`;
    } finally {
      await copied.end();
    }
    return target.toString();
  } finally {
    await admin.end();
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
