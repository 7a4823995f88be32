import { useMemo } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router-dom';
import { userHistoryQueryOptions } from '../../features/user-details/api/fetch-user-details.ts';
import type { UserDetailsParams } from '../../features/user-details/api/fetch-user-details.ts';
import { UserDetailsPage } from '../../features/user-details/components/user-details-page.tsx';
import { parseUserDetailsSearch } from '../../features/user-details/search-params.ts';
import { routes } from '../../lib/routes.ts';
import { useRouteParams } from '../use-route-params.ts';
import { useSettledSearch } from '../use-settled-search.tsx';

export function Component() {
  const user = useRouteParams(routes.userDetails.pattern);
  const location = useLocation();
  const parsed = useMemo(() => parseUserDetailsSearch(new URLSearchParams(location.search)), [location.search]);
  const settled = useSettledSearch(parsed.canonical, parsed.problems);
  if (settled.redirect) return settled.redirect;
  return <UserDetailsPage user={user} search={parsed.search} />;
}

/** The users page's row hover: that user's first page of history into the cache entry their page reads. */
export function prefetchUser(queryClient: QueryClient, params: UserDetailsParams): Promise<unknown> {
  return queryClient.infiniteQuery(userHistoryQueryOptions(params));
}
