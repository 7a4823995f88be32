import { AppLink } from '../../../components/ui/app-link.tsx';
import { columnVisibilityFeature, createColumnHelper, metaHelper, tableFeatures } from '@tanstack/react-table';
import { useContext } from 'react';
import { useLocation } from 'react-router-dom';
import type { ISessionUser } from '../../../contract/session-users.ts';
import type { UserSort } from '../../../contract/view-params.ts';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { EnvBadge } from '../../../components/ui/env-badge.tsx';
import { Highlight } from '../../../components/ui/highlight.tsx';
import { Timestamp } from '../../../components/ui/timestamp.tsx';
import { routes } from '../../../lib/routes.ts';
import { SearchTermContext } from '../search-term.ts';

export interface UsersColumnMeta {
  /** Plain-text name: the column menu and the stacked (phone) layout use it. */
  label: string;
  /** Extra classes for the cells (width, alignment). */
  className?: string;
  /** Width class of the loading placeholder, close to the real content so columns do not jump. */
  skeletonWidth?: string;
  /** The header is a button that orders the table by this time (URL `sort`). */
  sort?: UserSort;
}

export const usersTableFeatures = tableFeatures({
  columnVisibilityFeature,
  columnMeta: metaHelper<UsersColumnMeta>(),
});

const helper = createColumnHelper<typeof usersTableFeatures, ISessionUser>();

/** Shown unless the person turns them off (the column menu); the rest start hidden. */
export const DEFAULT_COLUMN_VISIBILITY: Record<string, boolean> = { createdAt: false, updatedAt: false };

export const usersColumns = helper.columns([
  helper.accessor('identifier', {
    header: 'Identifier',
    enableHiding: false,
    meta: { label: 'Identifier', className: 'sm:max-w-[22rem]', skeletonWidth: 'w-52' },
    cell: ({ row }) => <UserLink user={row.original} />,
  }),
  helper.accessor('ductape_user_id', {
    header: 'Ductape user ID',
    meta: { label: 'Ductape user ID', skeletonWidth: 'w-72' },
    cell: ({ getValue }) => (
      <span className="flex min-w-0 items-center gap-1">
        <code className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">{getValue()}</code>
        <CopyButton key={getValue()} value={getValue()} what="Ductape user ID" />
      </span>
    ),
  }),
  helper.accessor('env', {
    header: 'Environment',
    meta: { label: 'Environment', skeletonWidth: 'w-20' },
    cell: ({ getValue }) => <EnvBadge env={getValue()} />,
  }),
  helper.accessor('first_seen', {
    header: 'First seen',
    meta: { label: 'First seen', sort: 'first_seen' },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('last_seen', {
    header: 'Last seen',
    meta: { label: 'Last seen', sort: 'last_seen' },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('createdAt', {
    header: 'Created',
    meta: { label: 'Created' },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('updatedAt', {
    header: 'Updated',
    meta: { label: 'Updated' },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
]);

/**
 * The identifier links to the user's page and remembers this list page, for "Back to users";
 * what matched the search is marked.
 */
function UserLink({ user }: { user: ISessionUser }) {
  const location = useLocation();
  const term = useContext(SearchTermContext);
  return (
    <AppLink
      to={routes.userDetails.hrefOf(user)}
      state={{ from: `${location.pathname}${location.search}` }}
      dir="auto"
      className="rounded font-medium [overflow-wrap:anywhere] text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
    >
      <Highlight text={user.identifier} term={term} />
    </AppLink>
  );
}
