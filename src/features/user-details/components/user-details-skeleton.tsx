import { Skeleton } from '../../../components/ui/skeleton.tsx';
import type { UserDetailsParams } from '../api/fetch-user-details.ts';
import { BackToListLink } from './back-to-list-link.tsx';

/** The page's shape while the user loads; the identifier is known from the address already. */
export function UserDetailsSkeleton({ params }: { params: UserDetailsParams }) {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading user…
      </p>
      <div className="space-y-3">
        <BackToListLink product={params.product} session={params.session} env={params.env} />
        <h1 dir="auto" className="text-2xl font-semibold break-all">
          {params.identifier}
        </h1>
        <Skeleton className="h-5 w-72 max-w-full" />
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} className="h-10" />
          ))}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} className="h-20" />
        ))}
      </div>
      <Skeleton className="h-48" />
      <div className="space-y-2">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-12" />
        ))}
      </div>
    </div>
  );
}
