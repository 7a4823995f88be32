import { queryOptions, usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { catalogCheck } from '../../../contract/response-checks.ts';
import type { Catalog } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { catalogKeys } from './query-keys.ts';

export type { Catalog };

export function fetchCatalog(signal?: AbortSignal): Promise<Catalog> {
  return getJson(apiPaths.catalog(), catalogCheck, signal);
}

export function catalogQueryOptions() {
  return queryOptions({
    queryKey: catalogKeys.all,
    queryFn: ({ signal }) => fetchCatalog(signal),
    // Products, sessions and their counts change slowly; the header reads this on every page.
    staleTime: 5 * 60_000,
  });
}

export function useCatalog() {
  // Starts the request during render rather than after the first commit.
  usePrefetchQuery(catalogQueryOptions());
  return useQuery(catalogQueryOptions());
}
