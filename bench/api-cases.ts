import { HEAVY_USER, TEN_SESSIONS_USER, THOUSAND_SESSIONS_USER } from '../server/demo/showcase.ts';
import type { Catalog } from '../src/contract/session-users.ts';
import { PRODUCT, SESSION } from './bench-config.ts';

/** One API call measured both as a bare store call and over HTTP. */
export interface ApiCase {
  group: 'fetchUsers' | 'fetchUserDetails';
  label: string;
  /** The store call's options (without product and session). */
  users?: { env?: string; page: number; limit: number };
  details?: { identifier: string };
  path: string;
}

const USERS_PATH = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
export const BENCH_ENV = 'production';

/** fetchUsers: page 1, the middle and the last page, with and without env, 20 and 100 a page. */
export function fetchUsersCases(catalog: Catalog): ApiCase[] {
  const counts = catalog.products.find((p) => p.tag === PRODUCT)?.sessions.find((s) => s.tag === SESSION)?.users;
  if (counts === undefined) throw new Error(`The benchmark store has no ${PRODUCT}/${SESSION}`);
  const cases: ApiCase[] = [];
  for (const env of [undefined, BENCH_ENV]) {
    const total = env === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : (counts[env] ?? 0);
    for (const limit of [20, 100]) {
      const last = Math.ceil(total / limit);
      const pages = [
        ['page 1', 1],
        ['middle page', Math.ceil(last / 2)],
        ['last page', last],
      ] as const;
      for (const [where, page] of pages) {
        const query = new URLSearchParams({ ...(env ? { env } : {}), page: String(page), limit: String(limit) });
        cases.push({
          group: 'fetchUsers',
          label: `${page === 1 ? where : `${where} (${page.toLocaleString('en-US')})`}, ${env ? `env=${env}` : 'all envs'}, limit ${limit}`,
          users: { env, page, limit },
          path: `${USERS_PATH}?${query}`,
        });
      }
    }
  }
  return cases;
}

/** fetchUserDetails for the layout's users with 10, 1,000 and 10,000 sessions. */
export function fetchUserDetailsCases(): ApiCase[] {
  return [
    [TEN_SESSIONS_USER, '10'],
    [THOUSAND_SESSIONS_USER, '1,000'],
    [HEAVY_USER, '10,000'],
  ].map(([identifier, sessions]) => ({
    group: 'fetchUserDetails' as const,
    label: `${sessions} sessions (${identifier})`,
    details: { identifier: identifier as string },
    path: `${USERS_PATH}/${encodeURIComponent(identifier as string)}`,
  }));
}
