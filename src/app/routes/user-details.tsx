import { noop } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunction } from 'react-router-dom';
import { userDetailsQueryOptions } from '../../features/user-details/api/fetch-user-details.ts';
import { UserDetailsPage } from '../../features/user-details/components/user-details-page.tsx';
import { userDetailsParamsFromUrl } from '../../features/user-details/search-params.ts';

export function Component() {
  return <UserDetailsPage />;
}

/**
 * Starts loading the user while the route renders (never waits, so the skeleton shows at once).
 * Cached data, e.g. from the users list's prefetch on hover, is used as is; the page's own query
 * refreshes it in the background when stale. Filter changes on the page do not refetch.
 */
export function createLoader(queryClient: QueryClient): LoaderFunction {
  return ({ request }) => {
    const url = new URL(request.url);
    const params = userDetailsParamsFromUrl(url.pathname, url.search);
    if (params) queryClient.query({ ...userDetailsQueryOptions(params), staleTime: 'static' }).catch(noop);
    return null;
  };
}
