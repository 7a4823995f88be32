import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/contract/session-users.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { SHOWCASE_USERS } from '../demo/showcase.ts';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { BEARER, tempDir, testApp } from '../tests/helpers.ts';
import { runExport } from './run-export.ts';
import { runImport } from './run-import.ts';
import { captureIo } from './test-io.ts';

const NOW = Date.UTC(2026, 4, 1, 12);
const dir = tempDir('round-trip');
const demoFile = join(dir.path, 'demo.db');
const copyFile = join(dir.path, 'copy.db');
const exportFile = join(dir.path, 'export.ndjson');
let demo: SqliteStore;
let copy: SqliteStore;

beforeAll(async () => {
  const seeded = openSqliteStore(demoFile, { now: () => NOW });
  loadDemo(seeded, { users: 400, seed: 11, now: NOW });
  await seeded.close();
  const exported = captureIo(demoFile);
  expect(await runExport(['--out', exportFile], { ...exported.io, output: process.stdout })).toBe(0);
  expect(exported.stderr()).toMatch(/Exported [\d,]+ users and [\d,]+ sessions to /);
  const imported = captureIo(copyFile);
  expect(await runImport([exportFile], imported.io)).toBe(0);
  demo = openSqliteStore(demoFile, { now: () => NOW });
  copy = openSqliteStore(copyFile, { now: () => NOW });
});

afterAll(async () => {
  await demo.close();
  await copy.close();
  dir.remove();
});

/** Status and body of every read route over the sample, asked of the app over `store`. */
async function answers(store: SqliteStore): Promise<unknown[]> {
  const app = testApp(store);
  const get = async (path: string) => {
    const response = await app.request(path, { headers: BEARER });
    return { path, status: response.status, body: await response.json() };
  };
  const out: unknown[] = [];
  const catalog = await get('/api/catalog');
  out.push(catalog);
  for (const product of (catalog.body as Catalog).products) {
    for (const session of product.sessions) {
      const base = `/api/products/${encodeURIComponent(product.tag)}/sessions/${encodeURIComponent(session.tag)}/users`;
      const identifiers = new Set<string>(SHOWCASE_USERS.map((user) => user.identifier));
      for (const env of ['', ...product.envs]) {
        for (let page = 1; ; page++) {
          const list = await get(`${base}?page=${page}&limit=100${env === '' ? '' : `&env=${env}`}`);
          out.push(list);
          const body = list.body as { users: { identifier: string; ductape_user_id: string }[]; totalPages: number };
          // A sample of users for the details and by-id routes: the first rows of every first page.
          if (page === 1) {
            for (const user of body.users.slice(0, 3)) {
              identifiers.add(user.identifier);
              out.push(await get(`/api/users/${encodeURIComponent(user.ductape_user_id)}`));
            }
          }
          if (page >= body.totalPages) break;
        }
      }
      for (const identifier of identifiers) {
        for (const env of ['', ...product.envs]) {
          out.push(await get(`${base}/${encodeURIComponent(identifier)}${env === '' ? '' : `?env=${env}`}`));
        }
      }
    }
  }
  return out;
}

describe('export → import round trip (real SQLite files)', () => {
  it('writes one user document a line, in a stable order', () => {
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    expect(lines.length).toBe(demo.countUsers());
    const keys = lines.map((line) => {
      const doc = JSON.parse(line) as { product_tag: string; session_tag: string; env: string; _id: string };
      return [doc.product_tag, doc.session_tag, doc.env, doc._id].join('\u0000');
    });
    expect(keys).toEqual([...keys].sort());
  });

  it('gives the same answer from every read route, hard identifiers included', async () => {
    const expected = await answers(demo);
    expect(expected.length).toBeGreaterThan(100);
    expect(JSON.stringify(expected)).toContain('<b>x</b>@example.com');
    expect(JSON.stringify(expected)).toContain('a+b/c@example.com');
    expect(await answers(copy)).toEqual(expected);
  });

  it('keeps the same counts, overview figures and search results as the store it came from (fast import path)', async () => {
    // Older ends are forgotten as sessions come in (migration 4); the overview reads the current hour only.
    const recentEnds = `a.end_at >= '${new Date(NOW - 86_400_000).toISOString()}'`;
    const tables: [table: string, columns: string, where?: string][] = [
      ['user_counts', 'a.users'],
      ['user_hours', 'a.hour, a.first_seen_users, a.last_seen_users'],
      ['session_days', 'a.day, a.sessions_started, a.users_seen'],
      ['session_end_hours', 'a.hour, a.sessions'],
      ['session_ends', 'a.end_at, a.sessions', recentEnds],
    ];
    const aggregates = (store: SqliteStore) =>
      tables.map(([table, columns, where = '1']) =>
        store.db
          .prepare(
            `SELECT p.tag, s.tag, a.env, ${columns} FROM ${table} a
               JOIN product_sessions s ON s.id = a.session_ref JOIN products p ON p.id = s.product_id
              WHERE ${where} ORDER BY 1, 2, 3, 4`,
          )
          .raw()
          .all(),
      );
    const expected = aggregates(demo);
    expect(expected.every((rows) => rows.length > 0)).toBe(true);
    expect(aggregates(copy)).toEqual(expected);
    for (const product of (await demo.catalog()).products) {
      for (const session of product.sessions) {
        for (const env of [undefined, ...product.envs]) {
          const scope = { product: product.tag, session: session.tag, env };
          expect(await copy.overview({ ...scope, days: 90 })).toEqual(await demo.overview({ ...scope, days: 90 }));
          for (const q of ['example', 'a', '.com', 'ab']) {
            const search = { ...scope, page: 1, limit: 50, q };
            expect(await copy.fetchUsers(search)).toEqual(await demo.fetchUsers(search));
          }
        }
      }
    }
  });

  it('exports the copy exactly as the original, and importing the export again changes nothing', async () => {
    const again = join(dir.path, 'again.ndjson');
    expect(await runExport(['--out', again], { ...captureIo(copyFile).io, output: process.stdout })).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exportFile, 'utf8'));
    const run = captureIo(copyFile);
    expect(await runImport([exportFile], run.io)).toBe(0);
    expect(run.stdout()).toContain('0 users created, 0 sessions created, 0 sessions updated; none rejected');
  });

  it('exports one product and session with --product and --session', async () => {
    const only = join(dir.path, 'only.ndjson');
    const run = captureIo(demoFile);
    expect(
      await runExport(['--product', 'my-product', '--session', 'user-session', '--out', only], {
        ...run.io,
        output: process.stdout,
      }),
    ).toBe(0);
    const docs = readFileSync(only, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { product_tag: string; session_tag: string });
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((doc) => doc.product_tag === 'my-product' && doc.session_tag === 'user-session')).toBe(true);
    const unknown = captureIo(demoFile);
    expect(await runExport(['--product', 'nope'], { ...unknown.io, output: process.stdout })).toBe(2);
    expect(unknown.stderr()).toContain('There is no product "nope" in the store.');
  });
});
