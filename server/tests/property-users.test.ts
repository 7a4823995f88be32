import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { userByIdSchema, userDetailsSchema } from '../../src/contract/session-users.ts';
import {
  expectConsistentPage,
  expectContractAnswer,
  expectHealthy,
  get,
  propertyHarnessOn,
  type Harness,
} from './property-harness.ts';
import { PRODUCT, SESSION } from './helpers.ts';
import { describeEachStore } from '../store/conformance/each-store.ts';
import { queryString, runsOn, segment, sessionScope, withQuery } from './property-inputs.ts';

/**
 * fetchUsers, fetchUserDetails and userById over generated paths and queries (RUNS cases each):
 * always 200 with the success shape or a 4xx with the error shape, and the server stays healthy.
 */
describeEachStore('generated requests', (stores) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await propertyHarnessOn(stores);
  });
  const runs = runsOn(stores.name);

  const TIMEOUT = 120_000;

  describe(`the users routes answer anything with 200 or a 4xx (${runs} generated requests each)`, () => {
    it(
      'fetchUsers: /api/products/{product}/sessions/{session}/users?env=&page=&limit=',
      async () => {
        const { known } = harness;
        const request = fc.record({
          scope: sessionScope(PRODUCT, SESSION),
          query: queryString({ env: known.envs, page: ['1', '2', '3'], limit: ['1', '10', '20', '100'] }),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ scope, query }) => {
            const url = withQuery(`/api/products/${scope}/users`, query);
            const { status, body } = await expectContractAnswer(await get(harness, url), undefined, url);
            if (status === 200) expectConsistentPage(body);
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );

    it(
      'fetchUserDetails: /api/products/{product}/sessions/{session}/users/{identifier}?env=',
      async () => {
        const { known } = harness;
        const request = fc.record({
          scope: sessionScope(PRODUCT, SESSION),
          identifier: segment(known.identifiers),
          query: queryString({ env: known.envs }),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ scope, identifier, query }) => {
            const url = withQuery(`/api/products/${scope}/users/${identifier}`, query);
            await expectContractAnswer(await get(harness, url), userDetailsSchema, url);
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );

    it(
      'fetchUserDetails history pages: ?sessions_limit=&sessions_cursor=',
      async () => {
        const { known } = harness;
        // Real cursors (of the users with most sessions) beside generated text.
        const cursors: string[] = [];
        for (const identifier of known.identifiers.slice(0, 5)) {
          const url = `/api/products/${PRODUCT}/sessions/${SESSION}/users/${encodeURIComponent(identifier)}?sessions_limit=2`;
          const body = (await (await get(harness, url)).json()) as { next_sessions_cursor?: string | null };
          if (body.next_sessions_cursor) cursors.push(body.next_sessions_cursor);
        }
        const request = fc.record({
          identifier: segment(known.identifiers),
          query: queryString({
            env: known.envs,
            sessions_limit: ['1', '2', '100', '1000', '0', '1001', '-1', '1.5'],
            sessions_cursor: [...cursors, 'WyJ4Il0', 'bm90IGpzb24', '!!'],
          }),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ identifier, query }) => {
            const url = withQuery(`/api/products/${PRODUCT}/sessions/${SESSION}/users/${identifier}`, query);
            const { status, body } = await expectContractAnswer(await get(harness, url), userDetailsSchema, url);
            if (status !== 200) return;
            const limit = Number(new URLSearchParams(query).get('sessions_limit'));
            const details = body as { sessions: unknown[]; totalSessions: number };
            if (Number.isInteger(limit) && limit >= 1) expect(details.sessions.length).toBeLessThanOrEqual(limit);
            expect(details.sessions.length).toBeLessThanOrEqual(details.totalSessions);
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );

    it(
      'userById: /api/users/{ductape_user_id}',
      async () => {
        const request = fc.record({ id: segment(harness.known.ductapeUserIds), query: queryString() });
        await fc.assert(
          fc.asyncProperty(request, async ({ id, query }) => {
            const url = withQuery(`/api/users/${id}`, query);
            await expectContractAnswer(await get(harness, url), userByIdSchema, url);
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );
  });
});
