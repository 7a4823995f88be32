import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/contract/ingest.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { createRandom } from '../demo/prng.ts';
import { INGEST_PATH } from '../ingest-access.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { BEARER, INGEST_BEARER, INGEST_TOKEN, tempDir, TOKEN } from './helpers.ts';
import { integrityOf, startServerProcess } from './server-process.ts';

/**
 * "200 means durable", proved the hard way: the real server (its own process) takes batches from
 * several senders at once and is killed with SIGKILL at a random moment, again and again. After
 * every kill the store file is opened as it was left: every acknowledged record is there, and
 * every batch, acknowledged or cut off in flight, is either wholly applied or not at all, with
 * the kept user counts matching the users.
 */
const KILLS = Math.max(20, Number(process.env.INGEST_KILLS ?? 24) || 24);
const SENDERS = 3;
const BATCH_RECORDS = 100;
const SEED = Number(process.env.INGEST_KILL_SEED ?? 20_260_501);
/** Users that come back batch after batch: their rows are updated, not only inserted. */
const REGULARS = 12;

const dir = tempDir('ingest-kill');
afterAll(() => dir.remove());

function batchRecords(batch: number, random: ReturnType<typeof createRandom>): SessionRecord[] {
  const start = Date.UTC(2026, 3, 1) + batch * 60_000;
  return Array.from({ length: BATCH_RECORDS }, (_, i) => {
    // The first record of each batch is always a new user, so the API check below can find it.
    const regular = i > 0 && random.chance(0.3);
    const at = start + i * 100;
    return {
      product: 'kill-test',
      session: 'login',
      env: random.pick(['production', 'staging']),
      identifier: regular ? `regular-${random.int(1, REGULARS)}@example.com` : `b${batch}-r${i}@example.com`,
      session_id: `kill-${batch}-${i}`,
      start_at: new Date(at).toISOString(),
      end_at: new Date(at + 3_600_000).toISOString(),
      seen_at: new Date(at + random.int(0, 60_000)).toISOString(),
    };
  });
}

interface Outcome {
  sent: Map<number, string[]>;
  acked: Set<number>;
  unexpected: string[];
}

/** Sends batches from several senders until the server stops answering; returns what was acknowledged. */
async function stream(url: string, outcome: Outcome, next: () => number, random: ReturnType<typeof createRandom>) {
  let alive = true;
  let acknowledged: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (acknowledged = resolve));
  const sender = async () => {
    while (alive) {
      const batch = next();
      const records = batchRecords(batch, random);
      outcome.sent.set(
        batch,
        records.map((record) => record.session_id),
      );
      try {
        const response = await fetch(`${url}${INGEST_PATH}`, {
          method: 'POST',
          headers: { ...INGEST_BEARER, 'Content-Type': 'application/json' },
          body: JSON.stringify({ records }),
        });
        const text = await response.text();
        if (response.status === 200) {
          outcome.acked.add(batch);
          acknowledged();
        } else outcome.unexpected.push(`batch ${batch}: ${response.status} ${text.slice(0, 200)}`);
      } catch {
        alive = false; // the server is gone: whatever was in flight is not acknowledged
      }
    }
  };
  const senders = Array.from({ length: SENDERS }, sender);
  return {
    firstAck,
    stop: async () => {
      alive = false;
      await Promise.allSettled(senders);
    },
  };
}

/** What the file holds for each batch sent: all of its sessions, or none. */
function checkFile(file: string, outcome: Outcome) {
  expect(integrityOf(file)).toBe('ok');
  const db = new Database(file, { readonly: true });
  try {
    const present = new Set(
      db.prepare("SELECT session_id FROM user_sessions WHERE session_id LIKE 'kill-%'").pluck().all() as string[],
    );
    const [users, counted] = db
      .prepare('SELECT (SELECT count(*) FROM session_users), (SELECT coalesce(sum(users), 0) FROM user_counts)')
      .raw()
      .get() as [number, number];
    expect(counted).toBe(users);
    let applied = 0;
    let inFlightApplied = 0;
    let inFlightLost = 0;
    for (const [batch, ids] of outcome.sent) {
      const found = ids.filter((id) => present.has(id)).length;
      expect([0, ids.length], `batch ${batch}: ${found} of ${ids.length} sessions on disk`).toContain(found);
      if (outcome.acked.has(batch)) expect(found, `acknowledged batch ${batch}`).toBe(ids.length);
      else if (found > 0) inFlightApplied += 1;
      else inFlightLost += 1;
      if (found > 0) applied += 1;
    }
    return { applied, inFlightApplied, inFlightLost, sessions: present.size };
  } finally {
    db.close();
  }
}

describe('SIGKILL while batches stream in', () => {
  it(`keeps every acknowledged batch and applies no batch in part (${KILLS} kills)`, async () => {
    const file = join(dir.path, 'store.db');
    const seeded = openSqliteStore(file);
    loadDemo(seeded, { users: 100, seed: 2 });
    await seeded.close();
    const random = createRandom(SEED);
    const outcome: Outcome = { sent: new Map(), acked: new Set(), unexpected: [] };
    let nextBatch = 0;
    const started = performance.now();
    const killDelays: number[] = [];
    let last = { applied: 0, inFlightApplied: 0, inFlightLost: 0, sessions: 0 };

    for (let kill = 1; kill <= KILLS; kill++) {
      const server = await startServerProcess({ DATABASE_URL: `file:${file}`, DASHBOARD_TOKEN: TOKEN, INGEST_TOKEN });
      const sending = await stream(server.url, outcome, () => nextBatch++, random);
      // Once a batch of this run is acknowledged (so every run checks one), anywhere from at once
      // to well into a run of commits.
      await Promise.race([sending.firstAck, server.output]);
      const delay = random.int(0, 400);
      killDelays.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      server.child.kill('SIGKILL');
      await sending.stop();
      const exit = await server.output;
      expect(exit.signal).toBe('SIGKILL');
      last = checkFile(file, outcome);
    }

    // The last restart serves what was acknowledged through the API too.
    const server = await startServerProcess({ DATABASE_URL: `file:${file}`, DASHBOARD_TOKEN: TOKEN, INGEST_TOKEN });
    try {
      const [lastAcked] = [...outcome.acked].sort((a, b) => b - a);
      expect(lastAcked).toBeDefined();
      const identifier = encodeURIComponent(`b${lastAcked}-r0@example.com`);
      const catalog = await (await fetch(`${server.url}/api/catalog`, { headers: BEARER })).json();
      const counts = catalog.products.find((product: { tag: string }) => product.tag === 'kill-test').sessions[0].users;
      expect(counts.production + counts.staging).toBeGreaterThan(0);
      const user = await fetch(`${server.url}/api/products/kill-test/sessions/login/users/${identifier}`, {
        headers: BEARER,
      });
      expect(user.status).toBe(200);
      const details = await user.json();
      expect(details.sessions.map((session: { session_id: string }) => session.session_id)).toEqual([
        `kill-${lastAcked}-0`,
      ]);
    } finally {
      server.child.kill('SIGTERM');
      await server.output;
    }

    expect(outcome.unexpected).toEqual([]);
    const ackedRecords = outcome.acked.size * BATCH_RECORDS;
    expect(outcome.acked.size).toBeGreaterThanOrEqual(KILLS);
    console.info(
      `ingest SIGKILL test: ${KILLS} kills (${Math.min(...killDelays)}–${Math.max(...killDelays)} ms after each run's first acknowledgement), ` +
        `${outcome.sent.size} batches sent by ${SENDERS} senders, ${outcome.acked.size} acknowledged (${ackedRecords} records), ` +
        `all on disk; ${last.inFlightApplied} unacknowledged batches found wholly applied and ${last.inFlightLost} wholly absent, ` +
        `0 partly applied; ${last.sessions} sessions on disk; ${Math.round((performance.now() - started) / 1000)} s.`,
    );
  }, 900_000);
});
