import { useId } from 'react';
import { Select } from '../../../components/ui/select.tsx';
import { routes } from '../../../lib/routes.ts';
import { useNavigateTo } from '../../../lib/use-navigate-to.ts';
import { useCatalog } from '../api/fetch-catalog.ts';
import { findProduct } from '../catalog-lookups.ts';

export interface ContextSwitcherProps {
  /** The product and session in the address, if the page has them. */
  product?: string;
  session?: string;
}

const selectClass = 'min-w-0 flex-1 truncate sm:max-w-[11rem] sm:flex-none';

/** Product and session pickers for the header; choosing one opens that session's users. */
export function ContextSwitcher({ product, session }: ContextSwitcherProps) {
  const catalog = useCatalog();
  const navigate = useNavigateTo();
  const productId = useId();
  const sessionId = useId();
  const products = catalog.data?.products ?? [];
  const current = catalog.data ? findProduct(catalog.data, product) : undefined;
  const loading = catalog.isPending;

  const onProduct = (tag: string) => {
    const next = findProduct(catalog.data ?? { products: [] }, tag);
    const firstSession = next?.sessions[0]?.tag;
    if (firstSession) navigate(routes.users.href({ product: tag, session: firstSession }));
  };
  const onSession = (tag: string) => {
    if (!product) return;
    // Environments belong to the product, so a filter survives a session switch; the page does not.
    // The address is read when the session is picked, not rendered from: a page change leaves the
    // header as it is.
    const { location } = window;
    const onUsersList = location.pathname === routes.users.href({ product, session: session ?? '' });
    const search = new URLSearchParams(onUsersList ? location.search : '');
    search.delete('page');
    const text = search.toString();
    navigate(routes.users.href({ product, session: tag }, text ? `?${text}` : ''));
  };

  return (
    <div className="flex w-full min-w-0 items-center gap-2 sm:w-auto">
      <label htmlFor={productId} className="sr-only">
        Product
      </label>
      <Select
        id={productId}
        compact
        className={selectClass}
        value={product ?? ''}
        disabled={loading || products.length === 0}
        onChange={(event) => onProduct(event.target.value)}
      >
        {!current && (
          <option value={product ?? ''}>{loading ? (product ?? 'Loading…') : (product ?? 'Product…')}</option>
        )}
        {products.map((candidate) => (
          <option key={candidate.tag} value={candidate.tag}>
            {candidate.tag}
          </option>
        ))}
      </Select>
      <span aria-hidden="true" className="text-slate-400">
        /
      </span>
      <label htmlFor={sessionId} className="sr-only">
        Session
      </label>
      <Select
        id={sessionId}
        compact
        className={selectClass}
        value={session ?? ''}
        disabled={loading || !current}
        onChange={(event) => onSession(event.target.value)}
      >
        {!current?.sessions.some((candidate) => candidate.tag === session) && (
          <option value={session ?? ''}>{loading ? (session ?? 'Loading…') : (session ?? 'Session…')}</option>
        )}
        {current?.sessions.map((candidate) => (
          <option key={candidate.tag} value={candidate.tag}>
            {candidate.tag}
          </option>
        ))}
      </Select>
      {catalog.isError && (
        <button
          type="button"
          className="text-sm text-red-700 underline dark:text-red-300"
          onClick={() => void catalog.refetch()}
        >
          Catalog failed to load — retry
        </button>
      )}
    </div>
  );
}
