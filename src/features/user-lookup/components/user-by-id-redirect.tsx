import { AppLink } from '../../../components/ui/app-link.tsx';
import { Navigate } from 'react-router-dom';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { Skeleton } from '../../../components/ui/skeleton.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { routes } from '../../../lib/routes.ts';
import { userByIdQueryOptions, useUserById } from '../api/fetch-user-by-id.ts';

/** `/users/{ductape_user_id}`: finds the user and replaces the address with their page. */
export function UserByIdRedirect({ ductapeUserId }: { ductapeUserId: string }) {
  const user = useUserById(ductapeUserId);
  if (user.isPending) {
    return (
      <div aria-busy="true" className="space-y-3">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
          Looking up user <code className="font-mono">{ductapeUserId}</code>…
        </p>
        <Skeleton className="h-8 w-72" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (user.isError) {
    if (user.error instanceof ApiError && user.error.code === 'USER_NOT_FOUND') {
      return (
        <EmptyState
          title="No such user"
          description={
            <>
              No user has the Ductape user ID <code className="font-mono break-all">{ductapeUserId}</code>.
            </>
          }
          action={
            <AppLink to={routes.home.href()} className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Go to the dashboard
            </AppLink>
          }
        />
      );
    }
    return (
      <ErrorPanel
        title="Could not look up this user"
        error={user.error}
        queryKey={userByIdQueryOptions(ductapeUserId).queryKey}
      />
    );
  }
  return <Navigate replace to={routes.userDetails.hrefOf(user.data)} />;
}
