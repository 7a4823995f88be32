import { useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import { useCatalog } from '../../features/catalog/api/fetch-catalog.ts';
import { sessionEnvironments } from '../../features/catalog/catalog-lookups.ts';
import { OverviewPage } from '../../features/overview/components/overview-page.tsx';
import { parseOverviewSearch } from '../../features/overview/search-params.ts';
import { routes } from '../../lib/routes.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { useRouteParams } from '../use-route-params.ts';
import { useSettledSearch } from '../use-settled-search.tsx';

export function Component() {
  const { product = '', session = '' } = useRouteParams(routes.overview.pattern) ?? {};
  const location = useLocation();
  const catalog = useCatalog();
  const environments = useMemo(
    () => (catalog.data ? sessionEnvironments(catalog.data, product, session) : undefined),
    [catalog.data, product, session],
  );
  const parsed = useMemo(
    () =>
      parseOverviewSearch(
        new URLSearchParams(location.search),
        environments?.map((option) => option.name),
      ),
    [location.search, environments],
  );
  const settled = useSettledSearch(parsed.canonical, parsed.problems);
  useDocumentTitle(`Overview · ${product} / ${session}`);
  if (settled.redirect) return settled.redirect;
  return <OverviewPage product={product} session={session} environments={environments} search={parsed.search} />;
}
