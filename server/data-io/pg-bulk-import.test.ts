import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UserDocument } from '../../src/contract/ingest.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { createTestDatabase, describePostgres } from '../store/conformance/each-store.ts';
import { everyAnswer, importAll } from '../store/conformance/every-answer.ts';
import { parsePostgresUrl } from '../store/postgres/pg-settings.ts';
import { openPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { tempDir } from '../tests/helpers.ts';
import { runExport } from './run-export.ts';
import { runImport } from './run-import.ts';
import { captureIo } from './test-io.ts';

const NOW = Date.UTC(2026, 4, 1, 12);

/**
 * `npm run import` into an empty PostgreSQL store takes the fast path (COPY, indexes and
 * aggregates built once at the end): everything it keeps must equal what the batch path
 * (importUsers, one transaction a batch, the triggers keeping every aggregate) keeps.
 */
describePostgres('npm run import into an empty PostgreSQL store (fast path)', () => {
  const dir = tempDir('pg-bulk-import');
  const exportFile = join(dir.path, 'export.ndjson');
  const cleanups: (() => Promise<void>)[] = [];
  let bulk: PostgresStore;
  let batch: PostgresStore;
  let bulkUrl: string;
  let importOutput: { stdout: string; stderr: string };

  const database = async () => {
    const made = await createTestDatabase();
    cleanups.push(made.drop);
    return made.url;
  };
  const open = async (url: string) => {
    const store = await openPostgresStore(parsePostgresUrl(url, {}), { now: () => NOW, pageCacheSize: 0 });
    cleanups.push(() => store.close());
    return store;
  };
  const importInto = async (url: string, files: string[]) => {
    const run = captureIo('', { DATABASE_URL: url });
    const code = await runImport(files, run.io);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  };

  beforeAll(async () => {
    const demoFile = join(dir.path, 'demo.db');
    const seeded = openSqliteStore(demoFile, { now: () => NOW });
    loadDemo(seeded, { users: 400, seed: 11, now: NOW });
    await seeded.close();
    expect(await runExport(['--out', exportFile], { ...captureIo(demoFile).io, output: process.stdout })).toBe(0);
    bulkUrl = await database();
    const imported = await importInto(bulkUrl, [exportFile]);
    expect(imported.code).toBe(0);
    importOutput = imported;
    bulk = await open(bulkUrl);
    batch = await open(await database());
    const docs = readFileSync(exportFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as UserDocument);
    await importAll(batch, docs, 100);
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    dir.remove();
  }, 120_000);

  it('builds the indexes once at the end and reports what it imported', () => {
    expect(importOutput.stderr).toContain('Building the indexes (one sort each)');
    expect(importOutput.stdout).toMatch(
      /Imported [\d,]+ of [\d,]+ lines in .*: [\d,]+ users created, [\d,]+ sessions created, 0 sessions updated; none rejected\./,
    );
  });

  it('keeps the same counts and overview buckets as the batch path', async () => {
    // Older ends are forgotten as sessions come in (migration 4); the overview reads the current hour only.
    const recentEnds = `a.end_at >= '${new Date(NOW - 86_400_000).toISOString()}'`;
    const tables: [table: string, columns: string, where?: string][] = [
      ['user_counts', 'a.users'],
      ['user_hours', 'a.hour, a.first_seen_users, a.last_seen_users'],
      ['session_days', 'a.day, a.sessions_started, a.users_seen'],
      ['session_end_hours', 'a.hour, a.sessions'],
      ['session_ends', 'a.end_at, a.sessions', recentEnds],
    ];
    const aggregates = (store: PostgresStore) =>
      Promise.all(
        tables.map(([table, columns, where = 'true']) =>
          store.sql
            .unsafe(
              `SELECT p.tag, s.tag, a.env, ${columns} FROM ${table} a
                 JOIN product_sessions s ON s.id = a.session_ref JOIN products p ON p.id = s.product_id
                WHERE ${where} ORDER BY 1, 2, 3, 4`,
            )
            .values(),
        ),
      );
    const expected = await aggregates(batch);
    expect(expected.every((rows) => rows.length > 0)).toBe(true);
    expect(await aggregates(bulk)).toEqual(expected);
  });

  it('gives the same answer from every read, overview and search as the batch path', async () => {
    const expected = await everyAnswer(batch);
    expect(expected.length).toBeGreaterThan(100);
    expect(await everyAnswer(bulk)).toEqual(expected);
    for (const product of (await batch.catalog()).products) {
      for (const session of product.sessions) {
        for (const env of [undefined, ...product.envs]) {
          const scope = { product: product.tag, session: session.tag, env };
          expect(await bulk.overview({ ...scope, days: 90 })).toEqual(await batch.overview({ ...scope, days: 90 }));
          for (const q of ['example', 'a', '.com', 'ab']) {
            const search = { ...scope, page: 1, limit: 50, q };
            expect(await bulk.fetchUsers(search)).toEqual(await batch.fetchUsers(search));
          }
        }
      }
    }
    // Hundreds of reads on two stores: 5 s alone, over 20 s when the machine is busy.
  }, 120_000);

  it('changes nothing when the same file is imported again', async () => {
    const version = await bulk.dataVersion();
    const again = await importInto(bulkUrl, [exportFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 users created, 0 sessions created, 0 sessions updated; none rejected');
    expect(await bulk.dataVersion()).toBe(version);
  });

  it('rolls back and imports the exact way when a user repeats across batches', async () => {
    // More documents than one batch holds, the last one repeating the first user's session.
    const template = JSON.parse(readFileSync(exportFile, 'utf8').split('\n')[0] ?? '') as UserDocument;
    const docs = Array.from({ length: 2_001 }, (_, i) => ({
      ...template,
      _id: i.toString(16).padStart(24, '0'),
      ductape_user_id: `d-${i}`,
      identifier: `u${i}@example.com`,
      sessions: [{ ...template.sessions[0], session_id: `s-${i}` }],
    }));
    const repeat = { ...docs[0], _id: 'f'.repeat(24), ductape_user_id: 'thief', identifier: 'thief@example.com' };
    const file = join(dir.path, 'repeats.ndjson');
    writeFileSync(file, [...docs, repeat].map((doc) => JSON.stringify(doc)).join('\n') + '\n');
    const url = await database();
    const run = await importInto(url, [file]);
    expect(run.stdout + run.stderr).toContain('The input repeats a user or session');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2,001 users created, 2,001 sessions created, 0 sessions updated; 1 rejected');
    const sql = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      expect(await sql`SELECT users FROM user_counts`.values()).toEqual([[2_001]]);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
