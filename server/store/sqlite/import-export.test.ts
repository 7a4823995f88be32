import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import { loadDemo } from '../../demo/load-demo.ts';
import { tempDir } from '../../tests/helpers.ts';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';

const NOW = Date.UTC(2026, 4, 1, 12);
const dir = tempDir('import-export');
afterAll(() => dir.remove());

async function exported(store: SqliteStore, options?: { product?: string; session?: string }): Promise<UserDocument[]> {
  const docs: UserDocument[] = [];
  for await (const doc of store.exportUsers(options)) docs.push(doc);
  return docs;
}

async function importAll(store: SqliteStore, docs: readonly UserDocument[], batch = 100) {
  const totals = { accepted: 0, users_created: 0, sessions_created: 0, sessions_updated: 0 };
  for (let i = 0; i < docs.length; i += batch) {
    const result = await store.importUsers(docs.slice(i, i + batch));
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
  }
  return totals;
}

/** Every answer of every read method, over every list page and every user. */
async function everyAnswer(store: SqliteStore): Promise<unknown[]> {
  const answers: unknown[] = [];
  const catalog = await store.catalog();
  answers.push(catalog);
  for (const product of catalog.products) {
    for (const session of product.sessions) {
      for (const env of [undefined, ...product.envs]) {
        for (let page = 1; ; page++) {
          const list = await store.fetchUsers({ product: product.tag, session: session.tag, env, page, limit: 100 });
          answers.push(list);
          for (const user of list.users) {
            if (env === undefined) {
              answers.push(await store.userById(user.ductape_user_id));
              answers.push(
                await store.fetchUserDetails({
                  product: product.tag,
                  session: session.tag,
                  identifier: user.identifier,
                }),
              );
            }
            answers.push(
              await store.fetchUserDetails({
                product: product.tag,
                session: session.tag,
                identifier: user.identifier,
                env,
              }),
            );
          }
          if (page >= list.totalPages) break;
        }
      }
    }
  }
  return answers;
}

describe('importUsers / exportUsers', () => {
  const demo = openSqliteStore(':memory:', { now: () => NOW });
  loadDemo(demo, { users: 300, seed: 3, now: NOW });
  afterAll(() => demo.close());

  it('exports every user with all sessions in a stable order: product, session, env, _id', async () => {
    const docs = await exported(demo);
    expect(docs.length).toBe(demo.countUsers());
    const keys = docs.map((doc) => [doc.product_tag, doc.session_tag, doc.env, doc._id]);
    expect(keys).toEqual([...keys].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1)));
    const ada = docs.find((doc) => doc.identifier === 'user@example.com' && doc.env === 'production');
    const details = await demo.fetchUserDetails({
      product: 'my-product',
      session: 'user-session',
      identifier: 'user@example.com',
      env: 'production',
    });
    expect(ada?.sessions.length).toBe(details.totalSessions);
    expect(ada?.sessions[0]).toEqual({ ...details.sessions[0], revoked_at: null });
    expect(await exported(demo)).toEqual(docs);
  });

  it('filters by product and session', async () => {
    const docs = await exported(demo, { product: 'my-product', session: 'user-session' });
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((doc) => doc.product_tag === 'my-product' && doc.session_tag === 'user-session')).toBe(true);
    expect(await exported(demo, { product: 'no-such-product' })).toEqual([]);
  });

  it('importing the export into an empty store gives the same answers from every read, and again changes nothing', async () => {
    const docs = await exported(demo);
    const copy = openSqliteStore(':memory:', { now: () => NOW });
    try {
      const totals = await importAll(copy, docs);
      const sessions = docs.reduce((sum, doc) => sum + doc.sessions.length, 0);
      expect(totals).toEqual({
        accepted: docs.length,
        users_created: docs.length,
        sessions_created: sessions,
        sessions_updated: 0,
      });
      expect(await everyAnswer(copy)).toEqual(await everyAnswer(demo));

      const version = await copy.dataVersion();
      expect(await importAll(copy, docs, 250)).toEqual({
        accepted: docs.length,
        users_created: 0,
        sessions_created: 0,
        sessions_updated: 0,
      });
      expect(await copy.dataVersion()).toBe(version);
      expect(await exported(copy)).toEqual(docs);
    } finally {
      await copy.close();
    }
  });

  it('refuses a document whose _id or session belongs to another user, and applies none of the call', async () => {
    const [first, second] = await exported(demo, { product: 'my-product', session: 'user-session' });
    if (first === undefined || second === undefined) throw new Error('the demo has users');
    const copy = openSqliteStore(':memory:', { now: () => NOW });
    try {
      await copy.importUsers([first]);
      const stolenId = { ...second, _id: first._id };
      const stolenSession = { ...second, sessions: [...second.sessions, ...first.sessions.slice(0, 1)] };
      await expect(copy.importUsers([stolenId])).rejects.toMatchObject({
        kind: 'invalid',
        options: { details: [{ index: 0, field: '_id' }] },
      });
      await expect(copy.importUsers([second, stolenSession])).rejects.toMatchObject({
        options: {
          details: [{ index: 1, field: 'identifier', message: 'this user is already in document 0 of this batch' }],
        },
      });
      await expect(copy.importUsers([stolenSession])).rejects.toMatchObject({
        options: {
          details: [
            {
              index: 0,
              field: `sessions.${second.sessions.length}.session_id`,
              message: 'session_id already belongs to another user, session or environment',
            },
          ],
        },
      });
      expect(copy.countUsers()).toBe(1);
    } finally {
      await copy.close();
    }
  });

  it('reads a file store as one snapshot: a batch written during the export is not half in it', async () => {
    const file = join(dir.path, 'snapshot.db');
    const store = openSqliteStore(file, { now: () => NOW });
    try {
      loadDemo(store, { users: 50, seed: 9, now: NOW });
      const before = await exported(store);
      const iterator = store.exportUsers()[Symbol.asyncIterator]();
      const firstDoc = await iterator.next();
      await store.ingest([
        {
          product: 'aaa-first',
          session: 'login',
          env: 'production',
          identifier: 'late@example.com',
          session_id: 'late-1',
          start_at: '2026-04-30T00:00:00Z',
          end_at: '2026-04-30T01:00:00Z',
        },
      ]);
      const rest: UserDocument[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
      expect([firstDoc.value, ...rest]).toEqual(before);
      expect((await exported(store)).length).toBe(before.length + 1);
    } finally {
      await store.close();
    }
  });
});
