import { noop } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router-dom';
import { catalogQueryOptions } from '../../features/catalog/api/fetch-catalog.ts';
import { usersQueryOptions } from '../../features/users/api/fetch-users.ts';
import { parseUsersSearch } from '../../features/users/search-params.ts';

/**
 * For the router's users route, next to its `lazy` module: a static loader runs while the page's
 * code is still downloading, so the catalog and the page of users are already on their way when
 * it arrives. Never waits; the page reads the same cache entries through the same queryOptions.
 */
export function createUsersLoader(queryClient: QueryClient) {
  return ({ params, request }: LoaderFunctionArgs) => {
    const { product, session } = params;
    if (!product || !session) return null;
    const { search } = parseUsersSearch(new URL(request.url).searchParams);
    queryClient.query(catalogQueryOptions()).catch(noop);
    queryClient.query(usersQueryOptions({ product, session, ...search })).catch(noop);
    return null;
  };
}
