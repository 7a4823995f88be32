import { Button } from '../../../components/ui/button.tsx';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { describeEnvironment } from '../../../lib/environments.ts';
import type { FetchUsersResult } from '../api/fetch-users.ts';
import type { ChangeUsersSearch } from '../hooks/use-change-users-search.ts';
import type { UsersSearch } from '../search-params.ts';

const number = new Intl.NumberFormat('en-US');

export interface NoUsersProps {
  /** A page with no users on it. */
  data: FetchUsersResult;
  product: string;
  session: string;
  search: UsersSearch;
  setSearch: ChangeUsersSearch;
}

/** What shows instead of an empty table: nobody matches, nobody yet, or a page past the end; and a way on. */
export function NoUsers({ data, product, session, search, setSearch }: NoUsersProps) {
  const envLabel = search.env === undefined ? undefined : describeEnvironment(search.env).label;
  if (data.total === 0 && search.q !== undefined) {
    return (
      <EmptyState
        title="No users match"
        description={
          <>
            No identifier{envLabel ? ` in ${envLabel}` : ''} contains “<span className="break-all">{search.q}</span>”
            (letter case is ignored).
          </>
        }
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <Button variant="primary" onClick={() => setSearch({ q: undefined })}>
              Clear search
            </Button>
            {search.env !== undefined && (
              <Button onClick={() => setSearch({ env: undefined })}>Search all environments</Button>
            )}
          </div>
        }
      />
    );
  }
  if (data.total === 0) {
    return (
      <EmptyState
        title={envLabel ? `No users in ${envLabel}` : 'No users in this session yet'}
        description={
          envLabel
            ? `${session} has no users in the ${envLabel} environment of ${product}.`
            : `Nobody has started a ${session} session in ${product} yet.`
        }
        action={
          search.env !== undefined && (
            <Button onClick={() => setSearch({ env: undefined })}>Show all environments</Button>
          )
        }
      />
    );
  }
  return (
    <EmptyState
      title={`Page ${number.format(search.page)} is past the end`}
      description={`There ${data.totalPages === 1 ? 'is only 1 page' : `are only ${number.format(data.totalPages)} pages`} of ${number.format(data.total)} users${envLabel ? ` in ${envLabel}` : ''} at ${search.limit} rows per page.`}
      action={
        <Button variant="primary" onClick={() => setSearch({ page: data.totalPages })}>
          Go to the last page ({number.format(data.totalPages)})
        </Button>
      }
    />
  );
}
