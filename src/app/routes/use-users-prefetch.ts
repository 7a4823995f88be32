import { noop, usePrefetchQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router-dom';
import { catalogQueryOptions } from '../../features/catalog/api/fetch-catalog.ts';
import { usersQueryOptions } from '../../features/users/api/fetch-users.ts';
import { parseUsersSearch } from '../../features/users/search-params.ts';
import { matchRoute, routes } from '../../lib/routes.ts';
import { useRouteParams } from '../use-route-params.ts';

/**
 * For the router's users route, outside its lazy chunk: starts the catalog and the page of users
 * while the page's code may still be downloading. Never waits; the page reads the same cache
 * entries through the same queryOptions.
 */
export function useUsersRoutePrefetch(): void {
  const { product = '', session = '' } = useRouteParams(routes.users.pattern) ?? {};
  const { search } = parseUsersSearch(new URLSearchParams(useLocation().search));
  usePrefetchQuery(catalogQueryOptions());
  usePrefetchQuery(usersQueryOptions({ product, session, ...search }));
}

/** The same before the first render (main.tsx), so the requests go out with the page's code. */
export function prefetchUsersPage(queryClient: QueryClient, location: Pick<Location, 'pathname' | 'search'>): void {
  const params = matchRoute(routes.users.pattern, location.pathname);
  if (!params?.product || !params.session) return;
  const { search } = parseUsersSearch(new URLSearchParams(location.search));
  queryClient.query(catalogQueryOptions()).catch(noop);
  queryClient.query(usersQueryOptions({ product: params.product, session: params.session, ...search })).catch(noop);
}
