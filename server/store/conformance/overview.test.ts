import { expect, it } from 'vitest';
import type { SessionRecord, UserDocument } from '../../../src/contract/ingest.ts';
import type { Overview } from '../../../src/contract/session-users.ts';
import type { BulkUser, DashboardStore } from '../dashboard-store.ts';
import postgres from 'postgres';
import { PG_MIGRATIONS, migratePostgres } from '../postgres/pg-migrations.ts';
import { parsePostgresUrl } from '../postgres/pg-settings.ts';
import { openPostgresStore } from '../postgres/postgres-store.ts';
import { createTestDatabase, describeEachStore, describePostgres } from './each-store.ts';

/**
 * The overview comes from aggregates kept on write; these tests compute every figure by hand
 * from the store's whole content (its export) after ingest, updates, import and the bulk load,
 * and compare, on every store. The clock sits in the middle of an hour so the partial hours of each window count.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 30, 14, 25, 37, 123);
const ENVS = ['production', 'staging'];
const iso = (ms: number) => new Date(ms).toISOString();

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function byHand(store: DashboardStore, env: string | undefined, days: number): Promise<Overview> {
  const docs: UserDocument[] = [];
  for await (const doc of store.exportUsers({ product: 'shop', session: 'login' })) {
    if (env === undefined || doc.env === env) docs.push(doc);
  }
  const within = (time: string, span: number) => Date.parse(time) >= NOW - span && Date.parse(time) <= NOW;
  const windows = (pick: (doc: UserDocument) => string) => ({
    '24h': docs.filter((doc) => within(pick(doc), DAY)).length,
    '7d': docs.filter((doc) => within(pick(doc), 7 * DAY)).length,
    '30d': docs.filter((doc) => within(pick(doc), 30 * DAY)).length,
  });
  const today = Math.floor(NOW / DAY) * DAY;
  const daily = Array.from({ length: days }, (_, i) => {
    const date = iso(today - (days - 1 - i) * DAY).slice(0, 10);
    const startedThatDay = (doc: UserDocument) => doc.sessions.filter((s) => s.start_at.startsWith(date)).length;
    return {
      date,
      sessions_started: docs.reduce((sum, doc) => sum + startedThatDay(doc), 0),
      new_users: docs.filter((doc) => doc.first_seen.startsWith(date)).length,
      users_seen: docs.filter((doc) => startedThatDay(doc) > 0).length,
    };
  });
  return {
    users: docs.length,
    active_sessions: docs.reduce(
      (sum, doc) => sum + doc.sessions.filter((s) => !s.revoked && Date.parse(s.end_at) > NOW).length,
      0,
    ),
    new_users: windows((doc) => doc.first_seen),
    seen_users: windows((doc) => doc.last_seen),
    daily,
  };
}

function records(next: () => number, count: number, batch: number): SessionRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const start = NOW - Math.floor(next() * 40 * DAY);
    const end = start + Math.floor(next() * 3 * DAY) + 1;
    return {
      product: 'shop',
      session: 'login',
      env: ENVS[Math.floor(next() * 2)]!,
      identifier: `user${Math.floor(next() * 60)}@example.com`,
      session_id: `b${batch}-${n}`,
      start_at: iso(start),
      end_at: iso(end),
      ...(next() < 0.1 ? { revoked_at: iso(start + 1) } : {}),
      ...(next() < 0.3 ? { seen_at: iso(Math.min(NOW, start + Math.floor(next() * DAY))) } : {}),
    };
  });
}

async function expectExact(store: DashboardStore, days = 45): Promise<void> {
  for (const env of [undefined, ...ENVS]) {
    const got = await store.overview({ product: 'shop', session: 'login', env, days });
    expect({ env, ...got }).toEqual({ env, ...(await byHand(store, env, days)) });
    if (env === undefined && days > 1) {
      // Not a comparison of zeros: there is activity to count.
      expect(got.active_sessions).toBeGreaterThan(0);
      expect(got.daily.filter((day) => day.users_seen > 0).length).toBeGreaterThan(1);
    }
  }
}

describeEachStore('overview', (stores) => {
  const open = () => stores.open({ now: () => NOW });

  it('is exact after ingest batches, refreshed and revoked sessions', async () => {
    const store = await open();
    const next = random(11);
    for (let batch = 0; batch < 6; batch++) await store.ingest(records(next, 80, batch));
    // Refresh some sessions (a later end_at), revoke others: the active count and ends move.
    const again = records(random(11), 80, 0).map((record, n) => ({
      ...record,
      end_at: iso(Date.parse(record.end_at) + (n % 2 === 0 ? DAY : 0)),
      ...(n % 5 === 0 ? { revoked_at: record.start_at } : {}),
    }));
    await store.ingest(again);
    await expectExact(store);
    await expectExact(store, 1);
  });

  it('is exact after importing documents that move first_seen back and keep given times', async () => {
    const store = await open();
    await store.ingest(records(random(5), 100, 0));
    const docs: UserDocument[] = [];
    for await (const doc of store.exportUsers()) docs.push(doc);
    const moved = docs.slice(0, 20).map((doc, n) => ({
      ...doc,
      first_seen: iso(Date.parse(doc.first_seen) - (n + 1) * 5 * HOUR),
      last_seen: iso(Math.min(NOW, Date.parse(doc.last_seen) + n * HOUR)),
      sessions: [
        ...doc.sessions,
        {
          session_id: `extra-${n}`,
          start_at: iso(NOW - n * DAY),
          end_at: iso(NOW + HOUR),
          active: true,
          revoked_at: null,
        },
      ],
    }));
    await store.importUsers(moved);
    await expectExact(store);
  });

  it('is exact after the bulk load (the seed), and after clearing the store', async () => {
    const store = await open();
    const next = random(3);
    const users: BulkUser[] = [];
    for (let n = 0; n < 150; n++) {
      const first = NOW - Math.floor(next() * 60 * DAY);
      const sessions = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, s) => {
        const start = first + Math.floor(next() * (NOW - first));
        return {
          session_id: `bulk-${n}-${s}`,
          start_at: start,
          end_at: start + Math.floor(next() * 2 * DAY),
          revoked: next() < 0.1,
        };
      });
      users.push({
        user: {
          _id: n.toString(16).padStart(24, '0'),
          ductape_user_id: `du-bulk-${n}`,
          product: 'shop',
          session: 'login',
          env: ENVS[n % 2]!,
          identifier: `bulk${n}@example.com`,
          first_seen: first,
          last_seen: Math.max(first, ...sessions.map((s) => s.start_at)),
          created_at: first,
          updated_at: first,
        },
        sessions,
      });
    }
    const products = [{ tag: 'shop', envs: ENVS, sessions: ['login'] }];
    // Into empty tables (PostgreSQL drops and rebuilds its indexes), then into tables that hold users.
    await store.bulkLoad(products, () => users.slice(0, 100));
    await expectExact(store, 90);
    await store.bulkLoad(products, () => users.slice(100));
    await expectExact(store, 90);
    await store.clear();
    await store.ingest(records(random(9), 30, 0));
    await expectExact(store, 1);
  });

  it('counts as active exactly the sessions ending after now, at every edge of this minute and hour', async () => {
    const store = await open();
    const MINUTE = 60_000;
    const minuteStart = Math.floor(NOW / MINUTE) * MINUTE;
    const hourStart = Math.floor(NOW / HOUR) * HOUR;
    // Ends before, at and just after now; at the next minute; later in this hour; at and after the next hour.
    const ends = [
      NOW - 1,
      NOW,
      NOW + 1,
      minuteStart + MINUTE - 1,
      minuteStart + MINUTE,
      minuteStart + 7 * MINUTE + 5,
      hourStart + HOUR - 1,
      hourStart + HOUR,
      hourStart + HOUR + 1,
      NOW + DAY,
    ];
    const record = (n: number, end: number, env: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
      product: 'shop',
      session: 'login',
      env,
      identifier: `edge${n % 4}@example.com`,
      session_id: `edge-${env}-${n}`,
      start_at: iso(NOW - HOUR - (n % 3) * DAY),
      end_at: iso(end),
      ...extra,
    });
    await store.ingest(ends.flatMap((end, n) => ENVS.map((env) => record(n, end, env))));
    // Two sessions ending together (one bucket of two), so moving one leaves the other counted.
    await store.ingest([record(100, NOW + 1, 'production'), record(101, minuteStart + 7 * MINUTE + 5, 'staging')]);
    await expectExact(store, 3);
    expect((await store.overview({ product: 'shop', session: 'login', days: 1 })).active_sessions).toBe(2 * 8 + 2);
    // Refresh some (their ends move to a later minute or hour), revoke others.
    await store.ingest([
      record(2, NOW + 30 * MINUTE, 'production'),
      record(100, hourStart + 2 * HOUR, 'production'),
      record(5, minuteStart + 7 * MINUTE + 5, 'staging', { revoked_at: iso(NOW - 1) }),
      record(6, hourStart + HOUR - 1, 'production', { revoked_at: iso(NOW - 1) }),
    ]);
    await expectExact(store, 3);
    expect((await store.overview({ product: 'shop', session: 'login', days: 1 })).active_sessions).toBe(2 * 8 + 2 - 2);
  });

  it('answers zeros for a session with no activity in the window, one entry per day, oldest first', async () => {
    const store = await open();
    await store.ingest([
      {
        product: 'shop',
        session: 'login',
        env: 'production',
        identifier: 'old@example.com',
        session_id: 'o',
        start_at: iso(NOW - 200 * DAY),
        end_at: iso(NOW - 199 * DAY),
      },
    ]);
    const overview = await store.overview({ product: 'shop', session: 'login', days: 3 });
    expect(overview).toMatchObject({ users: 1, active_sessions: 0, new_users: { '24h': 0, '7d': 0, '30d': 0 } });
    expect(overview.daily.map((day) => day.date)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    const scope = { product: 'shop', session: 'login', days: 3 };
    await expect(store.overview({ ...scope, product: 'nope' })).rejects.toMatchObject({
      name: 'StoreError',
      kind: 'not_found',
      options: { code: 'PRODUCT_NOT_FOUND' },
      message: 'No product "nope"',
    });
    await expect(store.overview({ ...scope, session: 'nope' })).rejects.toMatchObject({
      kind: 'not_found',
      options: { code: 'SESSION_NOT_FOUND' },
      message: 'No session "nope" in product "shop"',
    });
    await expect(store.overview({ ...scope, env: 'qa' })).rejects.toMatchObject({
      kind: 'not_found',
      options: { code: 'ENV_NOT_FOUND' },
      message: 'No environment "qa" in product "shop"',
    });
    await expect(store.overview({ ...scope, days: 0 })).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid' });
  });
});

describePostgres('overview after upgrading a PostgreSQL store that holds data', () => {
  it('fills the aggregates from the users and sessions already there', async () => {
    const database = await createTestDatabase();
    const sql = postgres(database.url, { max: 1, onnotice: () => {}, fetch_types: false });
    try {
      await migratePostgres(
        sql,
        PG_MIGRATIONS.filter((migration) => migration.version <= 2),
      );
      await sql`INSERT INTO products (id, tag) VALUES (1, 'shop')`;
      await sql`INSERT INTO product_envs (product_id, env) VALUES (1, 'production'), (1, 'staging')`;
      await sql`INSERT INTO product_sessions (id, product_id, tag) VALUES (1, 1, 'login')`;
      const next = random(17);
      const users = [];
      const sessions: { user_ref: number; start_at: string; session_id: string; end_at: string; revoked: boolean }[] =
        [];
      for (let n = 1; n <= 80; n++) {
        const first = NOW - Math.floor(next() * 50 * DAY);
        const starts = Array.from(
          { length: 1 + Math.floor(next() * 3) },
          () => first + Math.floor(next() * (NOW - first)),
        );
        users.push({
          id: n,
          _id: n.toString(16).padStart(24, '0'),
          ductape_user_id: `du-old-${n}`,
          session_ref: 1,
          env: ENVS[n % 2]!,
          identifier: `old${n}@example.com`,
          first_seen: iso(first),
          last_seen: iso(Math.max(first, ...starts)),
          created_at: iso(first),
          updated_at: iso(first),
        });
        starts.forEach((start, s) =>
          sessions.push({
            user_ref: n,
            start_at: iso(start),
            session_id: `old-${n}-${s}`,
            end_at: iso(start + Math.floor(next() * 3 * DAY) + 1),
            revoked: next() < 0.1,
          }),
        );
      }
      await sql`INSERT INTO session_users ${sql(users)}`;
      await sql`INSERT INTO user_sessions ${sql(sessions)}`;
      await sql`SELECT setval(pg_get_serial_sequence('session_users', 'id'), 80)`;
    } finally {
      await sql.end();
    }
    const store = await openPostgresStore(parsePostgresUrl(database.url, {}), { now: () => NOW });
    try {
      await expectExact(store);
      await store.ingest(records(random(23), 40, 0));
      await expectExact(store);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
