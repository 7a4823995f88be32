import { beforeAll, describe, expect, it } from 'vitest';
import { ingestResultSchema, type SessionRecord } from '../../src/contract/ingest.ts';
import { fetchUsersResultSchema, userDetailsSchema } from '../../src/contract/session-users.ts';
import { INGEST_PATH } from '../ingest-access.ts';
import { describeEachStore } from '../store/conformance/each-store.ts';
import type { DashboardStore } from '../store/dashboard-store.ts';
import {
  BEARER,
  errorOf,
  INGEST_BEARER,
  INGEST_TOKEN,
  openDemoStore,
  storeContents,
  testApp,
  TOKEN,
  USERS_PATH,
} from './helpers.ts';

/** The ingest API over HTTP on the demo data, on each store (SQLite, then PostgreSQL). */
describeEachStore('the ingest API', (stores) => {
  let store: DashboardStore;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    store = await openDemoStore(stores, 200);
    app = testApp(store, { ingestToken: INGEST_TOKEN });
  });

  const JSON_TYPE = { 'Content-Type': 'application/json' };
  let nextSession = 0;

  function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
    nextSession += 1;
    const start = Date.now() - 60_000;
    return {
      product: 'my-product',
      session: 'user-session',
      env: 'production',
      identifier: `ingested-${nextSession}@example.com`,
      session_id: `ingest-api-${nextSession}`,
      start_at: new Date(start).toISOString(),
      end_at: new Date(start + 3_600_000).toISOString(),
      ...overrides,
    };
  }

  function send(body: unknown, headers: Record<string, string> = { ...INGEST_BEARER, ...JSON_TYPE }) {
    return app.request(INGEST_PATH, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  describe('POST /api/ingest/sessions', () => {
    it('applies a batch and a read right after sees it: users page, user page, catalog', async () => {
      const newest = record({ seen_at: new Date().toISOString() });
      const elsewhere = record({ product: 'brand-new-product', session: 'checkout', env: 'eu-1' });
      const response = await send({ records: [newest, elsewhere] });
      expect(response.status).toBe(200);
      expect(ingestResultSchema.parse(await response.json())).toEqual({
        accepted: 2,
        users_created: 2,
        sessions_created: 2,
        sessions_updated: 0,
      });

      const page = fetchUsersResultSchema.parse(await (await app.request(USERS_PATH, { headers: BEARER })).json());
      expect(page.users[0]?.identifier).toBe(newest.identifier);
      const user = userDetailsSchema.parse(
        await (await app.request(`${USERS_PATH}/${encodeURIComponent(newest.identifier)}`, { headers: BEARER })).json(),
      );
      expect(user.sessions.map((session) => session.session_id)).toEqual([newest.session_id]);
      expect(user.activeSessionsCount).toBe(1);
      const catalog = await (await app.request('/api/catalog', { headers: BEARER })).json();
      expect(catalog.products).toContainEqual({
        tag: 'brand-new-product',
        envs: ['eu-1'],
        sessions: [{ tag: 'checkout', users: { 'eu-1': 1 } }],
      });
    });

    it('is idempotent and reports refreshes and revocations', async () => {
      const first = record();
      expect((await send({ records: [first] })).status).toBe(200);
      expect(await (await send({ records: [first] })).json()).toEqual({
        accepted: 1,
        users_created: 0,
        sessions_created: 0,
        sessions_updated: 0,
      });
      const revoked = { ...first, revoked_at: new Date().toISOString() };
      expect(await (await send({ records: [revoked] })).json()).toMatchObject({ sessions_updated: 1 });
      const user = userDetailsSchema.parse(
        await (await app.request(`${USERS_PATH}/${encodeURIComponent(first.identifier)}`, { headers: BEARER })).json(),
      );
      expect(user.sessions[0]).toMatchObject({ active: false, revoked: true, revoked_at: revoked.revoked_at });
    });

    it.each<[string, (r: SessionRecord) => unknown, string, RegExp]>([
      ['an unknown field', (r) => ({ ...r, colour: 'red' }), 'colour', /^unknown field$/],
      ['a missing field', ({ end_at: _, ...r }) => r, 'end_at', /^end_at is required$/],
      ['a wrong type', (r) => ({ ...r, identifier: 42 }), 'identifier', /^identifier must be text$/],
      ['a time without a zone', (r) => ({ ...r, start_at: '2026-01-01T10:00:00' }), 'start_at', /no time zone/],
      ['a time out of range', (r) => ({ ...r, end_at: '+275760-09-13T00:00:00Z' }), 'end_at', /ISO-8601/],
      ['a day that does not exist', (r) => ({ ...r, end_at: '2026-02-30T00:00:00Z' }), 'end_at', /not a real time/],
      ['end_at before start_at', (r) => ({ ...r, end_at: '2000-01-01T00:00:00Z' }), 'end_at', /later than start_at/],
      ['control characters', (r) => ({ ...r, identifier: 'a\u0000b' }), 'identifier', /control characters/],
      ['bad tag characters', (r) => ({ ...r, env: 'prod/eu' }), 'env', /A-Z a-z 0-9/],
      ['a tag starting with a dot', (r) => ({ ...r, product: '.x' }), 'product', /starting with a letter or digit/],
      ['an identifier over 512 characters', (r) => ({ ...r, identifier: 'x'.repeat(513) }), 'identifier', /1 to 512/],
      ['an empty session_id', (r) => ({ ...r, session_id: '' }), 'session_id', /1 to 128/],
    ])(
      'refuses %s with 400 naming the record and field, and applies nothing',
      async (_label, spoil, field, message) => {
        const before = await storeContents(store);
        const response = await send({ records: [record(), spoil(record())] });
        expect(response.status).toBe(400);
        const body = await response.json();
        expect(body.error.code).toBe('INVALID_PARAMS');
        expect(body.error.message).toMatch(/^1 record of the batch is not valid, so nothing was applied\. Record 1, /);
        expect(body.error.details).toEqual([{ index: 1, field, message: expect.stringMatching(message) }]);
        expect(await storeContents(store)).toBe(before);
      },
    );

    it('refuses a session_id repeated in the batch or owned by another user', async () => {
      const owned = record();
      await send({ records: [owned] });
      const before = await storeContents(store);
      const repeated = record();
      const response = await send({ records: [repeated, { ...record(), session_id: repeated.session_id }] });
      expect(response.status).toBe(400);
      expect((await response.json()).error.details).toEqual([
        { index: 1, field: 'session_id', message: 'session_id is repeated: record 0 of this batch has it too' },
      ]);
      const stolen = await send({ records: [record(), { ...record(), session_id: owned.session_id }] });
      expect(stolen.status).toBe(400);
      expect((await stolen.json()).error.details).toEqual([
        {
          index: 1,
          field: 'session_id',
          message: 'session_id already belongs to another user, session or environment',
        },
      ]);
      expect(await storeContents(store)).toBe(before);
    });

    it('answers malformed JSON and a body that is not a batch with 400', async () => {
      const before = await storeContents(store);
      for (const body of ['{"records": [', '', 'null', '[]', '{"records": {}}', '{"records": []}', '{"rows": []}']) {
        const response = await send(body);
        expect(response.status, body).toBe(400);
        expect((await errorOf(response)).code).toBe('INVALID_PARAMS');
      }
      expect(await storeContents(store)).toBe(before);
    });

    it('answers a body that is not sent as JSON with 400, and a batch too big with 413', async () => {
      const before = await storeContents(store);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
        const headers = type === undefined ? { ...INGEST_BEARER } : { ...INGEST_BEARER, 'Content-Type': type };
        const response = await send(JSON.stringify({ records: [record()] }), headers);
        expect(response.status, type).toBe(400);
        expect(await errorOf(response)).toMatchObject({
          code: 'INVALID_PARAMS',
          message: expect.stringMatching(/JSON/),
        });
      }

      const tooMany = await send({ records: Array.from({ length: 1_001 }, () => record()) });
      expect(tooMany.status).toBe(413);
      expect((await errorOf(tooMany)).code).toBe('PAYLOAD_TOO_LARGE');
      const tooBig = await send({
        records: [record({ identifier: 'x'.repeat(500) })],
        padding: 'y'.repeat(1024 * 1024),
      });
      expect(tooBig.status).toBe(413);
      expect((await errorOf(tooBig)).message).toMatch(/1 MiB/);
      const full = await send({ records: Array.from({ length: 1_000 }, () => record()) });
      expect(full.status).toBe(200);
      expect(await storeContents(store)).not.toBe(before);
    });
  });

  describe('tokens do one job each', () => {
    it('the dashboard token cannot ingest (403), the ingest token cannot read (403), wrong or missing is 401', async () => {
      const body = JSON.stringify({ records: [record()] });
      const post = (headers: Record<string, string>) =>
        app.request(INGEST_PATH, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body });
      const dashboard = await post({ Authorization: `Bearer ${TOKEN}` });
      expect(dashboard.status).toBe(403);
      expect(await errorOf(dashboard)).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/INGEST_TOKEN/),
      });
      expect((await post({ Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
      expect((await post({})).status).toBe(401);
      expect((await post({ Authorization: 'Basic abc' })).status).toBe(401);

      for (const path of ['/api/catalog', USERS_PATH, '/api/openapi.json']) {
        const read = await app.request(path, { headers: INGEST_BEARER });
        expect(read.status, path).toBe(403);
        expect((await errorOf(read)).code).toBe('FORBIDDEN');
      }
      expect((await app.request('/api/health', { headers: INGEST_BEARER })).status).toBe(200);
    });

    it('with INGEST_TOKEN unset, ingestion answers 403 saying how to turn it on', async () => {
      const off = testApp(store);
      for (const headers of [BEARER, INGEST_BEARER, {}]) {
        const response = await off.request(INGEST_PATH, {
          method: 'POST',
          headers: { ...JSON_TYPE, ...headers },
          body: JSON.stringify({ records: [record()] }),
        });
        expect(response.status).toBe(403);
        expect(await errorOf(response)).toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringMatching(/set INGEST_TOKEN/),
        });
      }
    });
  });

  describe('OpenAPI', () => {
    it('documents the ingest route like the read routes', async () => {
      const doc = await (await app.request('/api/openapi.json', { headers: BEARER })).json();
      const post = doc.paths[INGEST_PATH]?.post;
      expect(Object.keys(post?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '413', '429', '503']),
      );
      expect(post.security).toEqual([{ ingestBearerAuth: [] }]);
      expect(doc.components.schemas.SessionRecord.required).toEqual(
        expect.arrayContaining(['product', 'session', 'env', 'identifier', 'session_id', 'start_at', 'end_at']),
      );
      expect(doc.components.schemas.SessionRecord.additionalProperties).toBe(false);
    });
  });
});
