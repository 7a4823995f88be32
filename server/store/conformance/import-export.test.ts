import { beforeAll, expect, it } from 'vitest';
import { loadDemoInto } from '../../demo/load-demo.ts';
import type { DashboardStore } from '../dashboard-store.ts';
import { describeEachStore } from './each-store.ts';
import { everyAnswer, exported, importAll } from './every-answer.ts';

const NOW = Date.UTC(2026, 4, 1, 12);

describeEachStore('importUsers / exportUsers', (stores) => {
  let demo: DashboardStore;
  beforeAll(async () => {
    demo = await stores.open({ now: () => NOW });
    await loadDemoInto(demo, { users: 300, seed: 3, now: NOW });
  });

  it('exports every user with all sessions in a stable order: product, session, env, _id', async () => {
    const docs = await exported(demo);
    expect(docs.length).toBe(await demo.countUsers());
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
    const copy = await stores.open({ now: () => NOW });
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
    const copy = await stores.open({ now: () => NOW });
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
      expect(await copy.countUsers()).toBe(1);
    } finally {
      await copy.close();
    }
  });
});
