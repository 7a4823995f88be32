import { noop } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { SESSIONS_PAGE_SIZE } from '../../contract/paging.ts';
import { catalogQueryOptions } from '../../features/catalog/api/fetch-catalog.ts';
import { getEarly } from '../../lib/api-client.ts';
import { apiPaths, matchRoute, routes } from '../../lib/routes.ts';

/**
 * Before the first render (main.tsx), on a user page: its first page of history is asked for
 * together with the page's code instead of after it (the user page's chunk takes a while on a slow
 * phone). The page's query reads that answer: the same path (fetchUserDetails), taken once by
 * getJson. No query code of the user page is needed here, so the users page's first load stays as it
 * was. The catalog (the header's session switcher) goes out too, as on the users page.
 */
export function prefetchUserPage(queryClient: QueryClient, location: Pick<Location, 'pathname' | 'search'>): void {
  const user = matchRoute(routes.userDetails.pattern, location.pathname);
  if (!user) return;
  queryClient.query(catalogQueryOptions()).catch(noop);
  const env = new URLSearchParams(location.search).get('env') || undefined;
  getEarly(apiPaths.userDetails({ ...user, env, sessions_limit: SESSIONS_PAGE_SIZE }));
}
