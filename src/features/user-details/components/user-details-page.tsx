import { ApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { userHistoryQueryOptions, useUserHistory } from '../api/fetch-user-details.ts';
import type { UserDetailsParams } from '../api/fetch-user-details.ts';
import type { UserDetailsSearch } from '../search-params.ts';
import { BackToListLink } from './back-to-list-link.tsx';
import { UserDetailsSkeleton } from './user-details-skeleton.tsx';
import { UserDetailsView } from './user-details-view.tsx';
import { UserNotFound } from './user-not-found.tsx';

const NOT_FOUND_CODES = new Set(['USER_NOT_FOUND', 'PRODUCT_NOT_FOUND', 'SESSION_NOT_FOUND', 'ENV_NOT_FOUND']);

export interface UserDetailsPageProps {
  /** The user's product, session and identifier from the path; undefined when the path cannot be read. */
  user: Omit<UserDetailsParams, 'env'> | undefined;
  /** The view, from the address (already canonical); its `env` picks the user's environment. */
  search: UserDetailsSearch;
}

/** One user of a session and their session history, for auditing. */
export function UserDetailsPage({ user, search }: UserDetailsPageProps) {
  useDocumentTitle(user ? `${user.identifier} · ${user.product} / ${user.session}` : undefined);
  if (!user) {
    return <UserNotFound params={{ product: '', session: '', identifier: '' }} code="NOT_FOUND" />;
  }
  return <UserDetailsLoader params={{ ...user, env: search.env }} search={search} />;
}

function UserDetailsLoader({ params, search }: { params: UserDetailsParams; search: UserDetailsSearch }) {
  const query = useUserHistory(params);

  // Data already shown stays on screen if a background refresh fails.
  if (query.data) {
    return <UserDetailsView pages={query.data.pages} paging={query} params={params} search={search} />;
  }
  if (!query.isError) return <UserDetailsSkeleton params={params} />;
  const { error } = query;
  if (error instanceof ApiError && error.status === 404 && NOT_FOUND_CODES.has(error.code)) {
    return <UserNotFound params={params} code={error.code} />;
  }
  return (
    <div className="space-y-4">
      <BackToListLink product={params.product} session={params.session} env={params.env} />
      <h1 dir="auto" className="text-2xl font-semibold break-all">
        {params.identifier}
      </h1>
      <ErrorPanel title="Could not load this user" error={error} queryKey={userHistoryQueryOptions(params).queryKey} />
    </div>
  );
}
