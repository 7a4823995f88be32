import { Button } from '../../../components/ui/button.tsx';
import type { FetchUsersParams } from '../api/fetch-users.ts';
import { useNewerUsers } from '../hooks/use-newer-users.ts';

const number = new Intl.NumberFormat('en-US');

/**
 * A polite live region on pages past the first: says how many users changed since the rows on
 * screen were read, and offers the newest (the first page), without moving the rows.
 */
export function NewerUsersNotice({ params, onGoToNewest }: { params: FetchUsersParams; onGoToNewest: () => void }) {
  // Here rather than in the page: a new first page re-renders this notice, not the table.
  const newer = useNewerUsers(params);
  const count = newer?.count ?? 0;
  return (
    <div role="status" aria-live="polite" data-testid="newer-users">
      {count > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-950 dark:border-indigo-800 dark:bg-indigo-950/50 dark:text-indigo-100">
          <p>
            {number.format(count)}
            {newer?.more ? '+' : ''} {count === 1 && !newer?.more ? 'user has' : 'users have'} changed since this page
            was loaded.
          </p>
          <Button variant="primary" onClick={onGoToNewest}>
            Go to newest
          </Button>
        </div>
      )}
    </div>
  );
}
