import type { Catalog, FetchUsersResult } from '../../../src/contract/session-users.ts';
import type { FetchUsersOptions } from '../source.ts';
import type { FreshnessToken } from './freshness.ts';
import { VersionedCache } from '../versioned-cache.ts';

/** Pages of users kept until the next write (at most 100 users each: a few MB at most). */
export const PAGE_CACHE_SIZE = 128;

export interface CachedReads {
  fetchUsers(options: FetchUsersOptions): FetchUsersResult;
  catalog(): Catalog;
}

/**
 * Pages and the catalog are the same until the next write: the first pages of a big session are
 * asked for over and over, and answering from memory costs a fraction of the queries. Any change
 * of the freshness token empties both caches. A capacity of 0 reads through (benchmarks).
 */
export function cachedReads(
  freshness: FreshnessToken,
  capacity: number,
  read: { usersPage: (options: FetchUsersOptions) => FetchUsersResult; catalog: () => Catalog },
): CachedReads {
  if (capacity === 0) return { fetchUsers: read.usersPage, catalog: read.catalog };
  const pages = new VersionedCache<FetchUsersResult>(capacity);
  const catalogs = new VersionedCache<Catalog>(1);
  return {
    fetchUsers(options) {
      const token = freshness.current();
      const { product, session, env, page, limit, q, sort } = options;
      const key = JSON.stringify([product, session, env ?? null, page, limit, q ?? null, sort ?? null]);
      return pages.get(token, key) ?? pages.set(token, key, read.usersPage(options));
    },
    catalog() {
      const token = freshness.current();
      return catalogs.get(token, '') ?? catalogs.set(token, '', read.catalog());
    },
  };
}
