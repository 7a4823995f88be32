import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchUsersResultSchema, overviewSchema } from '../../src/contract/session-users.ts';
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
import { queryString, runsOn, sessionScope, withQuery } from './property-inputs.ts';

/**
 * Issue 12's additions over generated paths and queries (RUNS cases each): fetchUsers with `q` and
 * `sort`, and the overview. Always 200 with the success shape or a 4xx with the error shape, never
 * a 5xx, and the server stays healthy.
 */
describeEachStore('generated requests', (stores) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await propertyHarnessOn(stores);
  });
  const runs = runsOn(stores.name);

  const TIMEOUT = 180_000;
  const SEARCHES = [
    'example',
    'EXAMPLE',
    'a',
    'ab',
    'user@',
    '%',
    '_',
    '\\',
    '"',
    '<b>x</b>',
    '+',
    '/',
    'é',
    'x'.repeat(200),
    'x'.repeat(201),
  ];

  describe(`issue 12's routes answer anything with 200 or a 4xx (${runs} generated requests each)`, () => {
    it(
      'fetchUsers with q and sort: /api/products/{product}/sessions/{session}/users?q=&sort=&env=&page=&limit=',
      async () => {
        const { known } = harness;
        const request = fc.record({
          scope: sessionScope(PRODUCT, SESSION),
          query: queryString({
            q: [...SEARCHES, ...known.identifiers.slice(0, 5)],
            sort: ['last_seen', 'first_seen', 'LAST_SEEN', 'name', ''],
            env: known.envs,
            page: ['1', '2', '3'],
            limit: ['1', '10', '100'],
          }),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ scope, query }) => {
            const url = withQuery(`/api/products/${scope}/users`, query);
            const { status, body } = await expectContractAnswer(await get(harness, url), fetchUsersResultSchema, url);
            if (status === 200) expectConsistentPage(body);
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );

    it(
      'overview: /api/products/{product}/sessions/{session}/overview?env=&days=',
      async () => {
        const { known } = harness;
        const request = fc.record({
          scope: sessionScope(PRODUCT, SESSION),
          query: queryString({ env: known.envs, days: ['1', '7', '30', '90', '365', '366', '0'] }),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ scope, query }) => {
            const url = withQuery(`/api/products/${scope}/overview`, query);
            const { status, body } = await expectContractAnswer(await get(harness, url), overviewSchema, url);
            if (status === 200) {
              const overview = overviewSchema.parse(body);
              const asked = new URL(url, 'http://x').searchParams.get('days');
              if (asked !== null && /^\d+$/.test(asked)) expect(overview.daily).toHaveLength(Number(asked));
              expect(overview.new_users['24h']).toBeLessThanOrEqual(overview.new_users['7d']);
              expect(overview.seen_users['7d']).toBeLessThanOrEqual(overview.seen_users['30d']);
              expect(overview.seen_users['30d']).toBeLessThanOrEqual(overview.users);
            }
          }),
          { numRuns: runs },
        );
        await expectHealthy(harness);
      },
      TIMEOUT,
    );
  });
});
