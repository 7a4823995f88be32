import { expect, it, vi } from 'vitest';
import type { SessionRecord } from '../../../src/contract/ingest.ts';
import { describePostgres, postgresStores } from '../conformance/each-store.ts';
import type { PostgresStore } from './postgres-store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 5, 1, 9);
const iso = (ms: number) => new Date(ms).toISOString();

function session(n: number, start: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    product: 'shop',
    session: 'login',
    env: n % 2 === 0 ? 'production' : 'staging',
    identifier: `user${n % 7}@example.com`,
    session_id: `s-${start}-${n}`,
    start_at: iso(start + n * 60_000),
    end_at: iso(start + n * 60_000 + (n % 5) * HOUR + 1_000),
    ...overrides,
  };
}

/** session_ends by scope and time, and session_end_minutes checked against it (kept by its triggers). */
async function ends(store: PostgresStore): Promise<{ rows: number; oldest: string | null }> {
  const [mismatched] = await store.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT session_ref, env, left(end_at, 16) AS minute, sum(sessions) AS sessions FROM session_ends
       GROUP BY 1, 2, 3 HAVING sum(sessions) <> 0) e
    FULL JOIN session_end_minutes m USING (session_ref, env, minute)
     WHERE e.sessions IS DISTINCT FROM m.sessions`;
  expect(mismatched?.n).toBe(0);
  const [row] = await store.sql<{ rows: number; oldest: string | null }[]>`
    SELECT count(*)::int AS rows, min(end_at) AS oldest FROM session_ends`;
  return { rows: row?.rows ?? 0, oldest: row?.oldest ?? null };
}

describePostgres('forgetting old session ends after the write (migration 7)', () => {
  const stores = postgresStores();
  const now = T0 + 20 * DAY;
  const open = async () => (await stores.open({ now: () => now })) as PostgresStore;
  const overview = (store: PostgresStore) => store.overview({ product: 'shop', session: 'login', days: 30 });

  it('deletes only ends 7 days before the sessions written, keeps every answer and the data version', async () => {
    const store = await open();
    await store.ingest(
      Array.from({ length: 40 }, (_, n) => session(n, T0, n % 9 === 0 ? { revoked_at: iso(T0) } : {})),
    );
    // Sessions 20 days later: ends before the day 7 days earlier can no longer be in the future.
    await store.ingest(Array.from({ length: 30 }, (_, n) => session(n, now - HOUR)));
    const before = await ends(store);
    const answer = await overview(store);
    const version = await store.dataVersion();

    const forgotten = await store.forgetSessionEnds();
    const after = await ends(store);
    expect(forgotten).toBeGreaterThan(0);
    expect(after.rows).toBe(before.rows - forgotten);
    expect(after.oldest! >= iso(now - 8 * DAY).slice(0, 10)).toBe(true);
    expect(await overview(store)).toEqual(answer);
    expect(answer.active_sessions).toBeGreaterThan(0);
    // Nothing readable changed: cached answers and ETags stay valid.
    expect(await store.dataVersion()).toBe(version);
    expect(await store.forgetSessionEnds()).toBe(0);
  });

  it('keeps ends that may still be in the future, whatever the order the sessions came in', async () => {
    const store = await open();
    await store.ingest(Array.from({ length: 10 }, (_, n) => session(n, now - HOUR)));
    // Older sessions written later (a backfill): the horizon never moves back.
    await store.ingest(Array.from({ length: 10 }, (_, n) => session(n, T0)));
    const kept = await ends(store);
    await store.forgetSessionEnds();
    const after = await ends(store);
    expect(after.oldest! >= iso(now - 8 * DAY).slice(0, 10)).toBe(true);
    expect(after.rows).toBeLessThan(kept.rows);
    // The last batch's own ends are recent enough to stay.
    expect(after.rows).toBeGreaterThanOrEqual(1);
  });

  it('forgets by itself once writes pause', async () => {
    const store = await open();
    await store.ingest(Array.from({ length: 10 }, (_, n) => session(n, T0)));
    await store.ingest(Array.from({ length: 10 }, (_, n) => session(n, now - HOUR)));
    await vi.waitFor(async () => expect((await ends(store)).oldest! >= iso(now - 8 * DAY).slice(0, 10)).toBe(true), {
      timeout: 10_000,
      interval: 200,
    });
  });
});
