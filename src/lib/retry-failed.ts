import { hashKey } from '@tanstack/react-query';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';

/**
 * "Retry" on an error panel: fetch the panel's own query again, and with it every other query
 * on screen that failed with something that may heal (network, 5xx). A page also reads other
 * data (the users page reads the catalog for its environments), and after an outage those
 * failed too; another query's 404 or 400 would answer the same again and is left alone.
 */
export function retryFailedQueries(queryClient: QueryClient, own: QueryKey): Promise<void> {
  const ownHash = hashKey(own);
  return queryClient.refetchQueries({
    type: 'active',
    predicate: ({ queryHash, state }) =>
      state.status === 'error' &&
      (queryHash === ownHash || !(state.error instanceof ApiError) || state.error.isRetryable),
  });
}
