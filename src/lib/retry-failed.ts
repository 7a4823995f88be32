import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';

/**
 * "Retry" on an error panel: fetch again every query on screen that failed with something that
 * may heal (network, 5xx), not only the panel's own. A page also reads other data (the users
 * page reads the catalog for its environments), and after an outage those failed too; a
 * 404 or 400 would answer the same again and is left alone.
 */
export function retryFailedQueries(queryClient: QueryClient): Promise<void> {
  return queryClient.refetchQueries({
    type: 'active',
    predicate: ({ state }) =>
      state.status === 'error' && (!(state.error instanceof ApiError) || state.error.isRetryable),
  });
}
