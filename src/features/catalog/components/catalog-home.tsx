import { Navigate } from 'react-router-dom';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { Skeleton } from '../../../components/ui/skeleton.tsx';
import { routes } from '../../../lib/routes.ts';
import { catalogQueryOptions, useCatalog } from '../api/fetch-catalog.ts';
import { firstSession } from '../catalog-lookups.ts';

/** "/" opens the first product's first session. */
export function CatalogHome() {
  const catalog = useCatalog();
  if (catalog.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading products" className="space-y-3">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (catalog.isError) {
    return (
      <ErrorPanel title="Could not load products" error={catalog.error} queryKey={catalogQueryOptions().queryKey} />
    );
  }
  const first = firstSession(catalog.data);
  if (!first) {
    return (
      <EmptyState
        title="No products yet"
        description="There are no products with sessions to show. Load data into the store (npm run seed) and reload."
      />
    );
  }
  return <Navigate replace to={routes.users.href(first)} />;
}
