import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchUsersResultSchema } from '../../src/contract/session-users.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/throwaway-postgres.ts';
import { loadConfig } from '../config.ts';
import { start, type RunningServer } from '../main.ts';
import { createTestDatabase, describePostgres } from '../store/conformance/each-store.ts';
import { INGEST_TOKEN, PRODUCT, SESSION, TOKEN, USERS_PATH } from './helpers.ts';
import { startServerProcess } from './server-process.ts';

const read = { Authorization: `Bearer ${TOKEN}` };

async function usersPage(base: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${USERS_PATH}?limit=5`, { headers: { ...read, ...headers } });
}

function record(identifier: string, sessionId: string) {
  const now = Date.now();
  return {
    product: PRODUCT,
    session: SESSION,
    env: 'production',
    identifier,
    session_id: sessionId,
    start_at: new Date(now - 60_000).toISOString(),
    end_at: new Date(now + 3_600_000).toISOString(),
    seen_at: new Date(now + 1_000).toISOString(),
  };
}

/**
 * Many servers, one database (issue 11 item 5): two server processes share one PostgreSQL. A batch
 * ingested through one is in the other's very next answer (its page cache, anchors, catalog and
 * ETag follow the data version kept in the database), so live pages work through either.
 */
describePostgres('two server processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, DASHBOARD_TOKEN: TOKEN, INGEST_TOKEN };
    // Started together on an empty database: the demo data is loaded once, not twice.
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => server.output));
    await database?.drop();
  });

  it('shows a batch ingested through one server in the next answer of the other', async () => {
    const [one, two] = servers.map((server) => server.url) as [string, string];
    const before = await usersPage(one);
    const etag = before.headers.get('etag') ?? '';
    const first = fetchUsersResultSchema.parse(await before.json());
    expect(fetchUsersResultSchema.parse(await (await usersPage(two)).json()).total).toBe(first.total);
    // Both servers fill their page caches and anchors (a deep page too).
    const deep = `${USERS_PATH}?limit=5&page=${Math.floor(first.total / 5)}`;
    await fetch(`${one}${deep}`, { headers: read });
    expect((await usersPage(one, { 'If-None-Match': etag })).status).toBe(304);

    const ingested = await fetch(`${two}/api/ingest/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: [record('across@example.com', 'across-1')] }),
    });
    expect(ingested.status).toBe(200);

    const after = await usersPage(one, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    const page = fetchUsersResultSchema.parse(await after.json());
    expect(page.total).toBe(first.total + 1);
    expect(page.users[0]?.identifier).toBe('across@example.com');
    const catalog = (await (await fetch(`${one}/api/catalog`, { headers: read })).json()) as {
      products: { tag: string; sessions: { tag: string; users: Record<string, number> }[] }[];
    };
    const counts = catalog.products.find((p) => p.tag === PRODUCT)?.sessions.find((s) => s.tag === SESSION)?.users;
    expect(Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0)).toBe(first.total + 1);
    const details = await fetch(`${one}${USERS_PATH}/${encodeURIComponent('across@example.com')}`, { headers: read });
    expect(details.status).toBe(200);
  });
});

/**
 * A database outage under a running server (issue 11 item 1): while PostgreSQL is down every data
 * route answers 503 SERVICE_UNAVAILABLE with Retry-After (never a 500, never a hang), health stays
 * up, and once PostgreSQL is back the same server answers again without a restart.
 */
describePostgres('a PostgreSQL outage under a running server', () => {
  let pg: ThrowawayPostgres;
  let server: RunningServer;
  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    server = await start(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: `${pg.url}?connect_timeout=2000`,
        DASHBOARD_TOKEN: TOKEN,
      }),
      { print: () => {}, demo: { users: 300, seed: 3 }, logger: { info: () => {}, error: () => {} } },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    pg?.stop();
  });

  it('answers 503 with Retry-After while the database is down, and recovers by itself', async () => {
    expect((await usersPage(server.url)).status).toBe(200);
    pg.halt();
    for (const path of [`${USERS_PATH}?limit=5`, `${USERS_PATH}?limit=5&page=3`, '/api/catalog']) {
      const response = await fetch(`${server.url}${path}`, { headers: read });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    pg.start();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = (await usersPage(server.url)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(fetchUsersResultSchema.parse(await (await usersPage(server.url)).json()).total).toBeGreaterThan(0);
  }, 60_000);
});
