import { beforeAll, expect, it } from 'vitest';
import { loadDemoInto } from '../../demo/load-demo.ts';
import type { DashboardStore } from '../dashboard-store.ts';
import { describePostgres, postgresStores, sqliteStores } from './each-store.ts';
import { everyAnswer, exported, importAll } from './every-answer.ts';

const NOW = Date.UTC(2026, 4, 1, 12);

/**
 * Moving between stores (README "Use PostgreSQL"): `npm run export` from SQLite and `npm run
 * import` into PostgreSQL go through exportUsers and importUsers, in batches; afterwards every
 * read route answers the same on both, and the way back gives the same file again.
 */
describePostgres('moving from SQLite to PostgreSQL and back', () => {
  const sqlite = sqliteStores();
  const pg = postgresStores();
  let source: DashboardStore;
  beforeAll(async () => {
    source = await sqlite.open({ now: () => NOW });
    await loadDemoInto(source, { users: 400, seed: 5, now: NOW });
  }, 60_000);

  it('export from SQLite, import into PostgreSQL: the same answers from every read', async () => {
    const docs = await exported(source);
    const target = await pg.open({ now: () => NOW, anchorStride: 7 });
    const totals = await importAll(target, docs, 1_000);
    expect(totals.users_created).toBe(docs.length);
    expect(await everyAnswer(target)).toEqual(await everyAnswer(source));
    expect(await target.countUsers()).toBe(await source.countUsers());

    // And back: PostgreSQL's export is the same file, and imports into an empty SQLite store alike.
    const again = await exported(target);
    expect(again).toEqual(docs);
    const back = await sqlite.open({ now: () => NOW });
    await importAll(back, again, 250);
    expect(await everyAnswer(back)).toEqual(await everyAnswer(source));
  }, 180_000);
});
