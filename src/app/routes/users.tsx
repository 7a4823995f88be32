import { noop, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useParams } from 'react-router-dom';
import type { ISessionUser } from '../../contract/session-users.ts';
import { useCatalog } from '../../features/catalog/api/fetch-catalog.ts';
import { sessionEnvironments } from '../../features/catalog/catalog-lookups.ts';
import { userDetailsQueryOptions } from '../../features/user-details/api/fetch-user-details.ts';
import { UsersPage } from '../../features/users/components/users-page.tsx';
import { routeModules } from '../route-modules.ts';

export function Component() {
  const { product = '', session = '' } = useParams();
  const catalog = useCatalog();
  const queryClient = useQueryClient();
  const environments = useMemo(
    () => (catalog.data ? sessionEnvironments(catalog.data, product, session) : undefined),
    [catalog.data, product, session],
  );

  // Hover or focus on a row fetches that user into the same cache entry their page will read,
  // and the page's code, so opening it waits for neither.
  const onUserIntent = useCallback(
    (user: ISessionUser) => {
      routeModules.userDetails.preload().catch(noop);
      const params = {
        product: user.product_tag,
        session: user.session_tag,
        identifier: user.identifier,
        env: user.env,
      };
      queryClient.query(userDetailsQueryOptions(params)).catch(noop);
    },
    [queryClient],
  );

  return (
    <>
      <title>{`Users · ${product} / ${session}`}</title>
      <UsersPage product={product} session={session} environments={environments} onUserIntent={onUserIntent} />
    </>
  );
}
