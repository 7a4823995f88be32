import { lazy, Suspense, useCallback, useEffect } from 'react';
import { AppLink } from '../../../components/ui/app-link.tsx';

import type { ISessionUser } from '../../../contract/session-users.ts';
import { Button } from '../../../components/ui/button.tsx';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { routes } from '../../../lib/routes.ts';
import { usersQueryOptions, useSessionUsers, useUsersPageAhead } from '../api/fetch-users.ts';
import { useChangeUsersSearch } from '../hooks/use-change-users-search.ts';
import type { UsersSearch } from '../search-params.ts';
import { EnvFilter } from '../../../components/ui/env-filter.tsx';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { SearchBox } from './search-box.tsx';
import { SortSelect } from './sort-select.tsx';
import type { EnvironmentOption } from '../../../components/ui/env-filter.tsx';
import { UsersTable } from './users-table.tsx';

export interface UsersPageProps {
  product: string;
  session: string;
  /** The product's environments with this session's counts (from the catalog); undefined while loading. */
  environments: EnvironmentOption[] | undefined;
  /** The view, from the address (already canonical). */
  search: UsersSearch;
  /** What the address had that this page could not use (corrected before it rendered). */
  notices: readonly string[];
  onDismissNotices: () => void;
  /** Hover or focus on a row: prefetch that user's page. */
  onUserIntent?: (user: ISessionUser) => void;
}

// Pages past the first only: its code is not part of the first load, and is fetched after the
// first page is painted, so "Next page" finds it here.
const loadNotice = () => import('./newer-users-notice.tsx');
const NewerUsersNotice = lazy(() => loadNotice().then((module) => ({ default: module.NewerUsersNotice })));
// Likewise what shows instead of an empty page (fetched after the first page is painted).
const loadNoUsers = () => import('./no-users.tsx');
const NoUsers = lazy(() => loadNoUsers().then((module) => ({ default: module.NoUsers })));
const NOT_FOUND_CODES = new Set(['PRODUCT_NOT_FOUND', 'SESSION_NOT_FOUND', 'ENV_NOT_FOUND']);

export function UsersPage(props: UsersPageProps) {
  const { product, session, environments, search, notices, onUserIntent } = props;
  const setSearch = useChangeUsersSearch(search);
  const params = {
    product,
    session,
    env: search.env,
    page: search.page,
    limit: search.limit,
    q: search.q,
    sort: search.sort,
  };
  const query = useSessionUsers(params);
  const ahead = useUsersPageAhead(params);
  const onSearch = useCallback(
    (q: string | undefined, options: { replace: boolean }) => setSearch({ q }, options),
    [setSearch],
  );
  const { data, error } = query;
  useEffect(
    () =>
      afterNextPaint(() => {
        void loadNotice();
        void loadNoUsers();
      }),
    [],
  );

  let replacement;
  const waitingForCatalog = error instanceof ApiError && error.code === 'ENV_NOT_FOUND' && environments === undefined;
  if (query.isError && !data && !waitingForCatalog) {
    replacement = (
      <div className="space-y-3">
        <ErrorPanel title="Could not load users" error={error} queryKey={usersQueryOptions(params).queryKey} />
        {error instanceof ApiError && NOT_FOUND_CODES.has(error.code) && (
          <p className="text-sm">
            <AppLink to={routes.home.href()} className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Go to the first product
            </AppLink>
          </p>
        )}
      </div>
    );
  } else if (data && !query.isPlaceholderData && data.users.length === 0) {
    replacement = (
      <Suspense fallback={null}>
        <NoUsers data={data} product={product} session={session} search={search} setSearch={setSearch} />
      </Suspense>
    );
  }

  return (
    <section aria-labelledby="users-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 id="users-heading" className="text-xl font-semibold tracking-tight">
          Users
        </h1>
        <p className="min-w-0 text-sm break-all text-slate-600 dark:text-slate-400">
          {product} / {session}
        </p>
        <AppLink
          to={routes.overview.href({ product, session }, search.env ? `?env=${encodeURIComponent(search.env)}` : '')}
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          Overview of this session →
        </AppLink>
      </div>

      {notices.length > 0 && (
        <div
          role="status"
          className="flex items-start justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100"
        >
          <div>
            <p className="font-medium">The address had values this page could not use:</p>
            <ul className="mt-1 list-disc pl-5">
              {notices.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
          <Button variant="ghost" onClick={props.onDismissNotices}>
            Dismiss
          </Button>
        </div>
      )}

      {/* Not `isFetching`: the first page asks again every 5 s, and those checks are silent. */}
      <p role="status" className="sr-only">
        {query.isPending || query.isPlaceholderData ? 'Loading users…' : ''}
      </p>

      {search.page > 1 && (
        <Suspense fallback={null}>
          <NewerUsersNotice params={params} onGoToNewest={() => setSearch({ page: 1 })} />
        </Suspense>
      )}

      <UsersTable
        users={replacement || waitingForCatalog ? undefined : data?.users}
        usersAhead={ahead?.users}
        total={data?.total}
        search={search}
        onSearchChange={setSearch}
        stale={query.isPlaceholderData}
        onUserIntent={onUserIntent}
        replacement={replacement}
        toolbar={
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <SearchBox value={search.q} onSearch={onSearch} />
            <EnvFilter value={search.env} environments={environments} onChange={(env) => setSearch({ env })} />
            <SortSelect value={search.sort} onChange={(sort) => setSearch({ sort })} />
          </div>
        }
      />
    </section>
  );
}
