import { noop, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import type { ISessionUser } from '../../contract/session-users.ts';
import { useCatalog } from '../../features/catalog/api/fetch-catalog.ts';
import { sessionEnvironments } from '../../features/catalog/catalog-lookups.ts';
import { UsersPage } from '../../features/users/components/users-page.tsx';
import { parseUsersSearch } from '../../features/users/search-params.ts';
import { routes } from '../../lib/routes.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { buildPageAhead } from '../page-ahead.ts';
import { routeModules } from '../route-modules.ts';
import { useRouteParams } from '../use-route-params.ts';
import { useSettledSearch } from '../use-settled-search.tsx';

export function Component() {
  const { product = '', session = '' } = useRouteParams(routes.users.pattern) ?? {};
  const location = useLocation();
  const catalog = useCatalog();
  const queryClient = useQueryClient();
  const environments = useMemo(
    () => (catalog.data ? sessionEnvironments(catalog.data, product, session) : undefined),
    [catalog.data, product, session],
  );
  // Until the catalog is here any `env` is taken as given; then an unknown one is corrected.
  const parsed = useMemo(
    () =>
      parseUsersSearch(
        new URLSearchParams(location.search),
        environments?.map((option) => option.name),
      ),
    [location.search, environments],
  );
  const settled = useSettledSearch(parsed.canonical, parsed.problems);

  // Hover or focus on a row fetches the user page's code, then that user into the same cache entry
  // their page will read, so opening it waits for neither. The query's code comes with the page's
  // (its paging stays out of this page's first load).
  const onUserIntent = useCallback(
    (user: ISessionUser) => {
      const params = {
        product: user.product_tag,
        session: user.session_tag,
        identifier: user.identifier,
        env: user.env,
      };
      // With both here, the page is built ahead, hidden (router.tsx): opening it only shows it.
      // The state is the one the row's click navigates with (useOpenUserRow).
      const { pathname, search } = window.location;
      routeModules.userDetails
        .preload()
        .then((page) => page.prefetchUser(queryClient, params))
        .then(() => buildPageAhead(routes.userDetails.hrefOf(user), { from: `${pathname}${search}` }))
        .catch(noop);
    },
    [queryClient],
  );

  useDocumentTitle(`Users · ${product} / ${session}`);
  if (settled.redirect) return settled.redirect;
  return (
    <UsersPage
      product={product}
      session={session}
      environments={environments}
      search={parsed.search}
      notices={settled.notices}
      onDismissNotices={settled.dismissNotices}
      onUserIntent={onUserIntent}
    />
  );
}
