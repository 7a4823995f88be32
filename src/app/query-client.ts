import { QueryClient } from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import { catalogKeys } from '../features/catalog/api/query-keys.ts';
import { ApiError } from '../lib/api-client.ts';

const MAX_RETRIES = 3;

export function createQueryClient() {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retry what may heal (network, 5xx) with backoff; a 4xx will answer the same again.
        retry: (failureCount, error) =>
          failureCount < MAX_RETRIES && (!(error instanceof ApiError) || error.isRetryable),
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4_000),
      },
    },
  });
  refreshCatalogOnLiveChanges(client);
  return client;
}

/**
 * A page kept current (lib/live-query.ts) that sees its data change means users came or went:
 * the catalog's counts (the header, the environment filter) are asked again too. Nothing is
 * asked while the data stays the same (its checks answer 304 with the same object).
 */
function refreshCatalogOnLiveChanges(client: QueryClient) {
  const seen = new WeakMap<Query, unknown>();
  client.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success' || event.query.meta?.live !== true) return;
    const before = seen.get(event.query);
    seen.set(event.query, event.query.state.data);
    // A next page of a paged query (the user page's history) is more of the same data, not a change.
    if (before !== undefined && before !== event.query.state.data && !event.query.state.fetchMeta?.fetchMore) {
      void client.invalidateQueries({ queryKey: catalogKeys.all });
    }
  });
}
