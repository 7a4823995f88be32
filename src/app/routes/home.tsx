import { CatalogHome } from '../../features/catalog/components/catalog-home.tsx';

export function Component() {
  return <CatalogHome />;
}
