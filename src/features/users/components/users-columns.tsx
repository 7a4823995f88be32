import { columnVisibilityFeature, createColumnHelper, metaHelper, tableFeatures } from '@tanstack/react-table';
import { useContext } from 'react';
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
  /**
   * Width in rem from 1024 px up, where the table's layout is fixed (users-table.tsx): wide enough
   * for this column's longest value. The one column without it (the identifier) takes the rest.
   */
  widthRem?: number;
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
    meta: { label: 'Ductape user ID', skeletonWidth: 'w-72', widthRem: 20 },
    cell: ({ getValue }) => (
      <span className="flex min-w-0 items-center gap-1">
        <code className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">{getValue()}</code>
        <CopyButton value={getValue()} what="Ductape user ID" />
      </span>
    ),
  }),
  helper.accessor('env', {
    header: 'Environment',
    meta: { label: 'Environment', skeletonWidth: 'w-20', widthRem: 9 },
    cell: ({ getValue }) => <EnvBadge env={getValue()} />,
  }),
  helper.accessor('first_seen', {
    header: 'First seen',
    meta: { label: 'First seen', sort: 'first_seen', widthRem: 9 },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('last_seen', {
    header: 'Last seen',
    meta: { label: 'Last seen', sort: 'last_seen', widthRem: 9 },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('createdAt', {
    header: 'Created',
    meta: { label: 'Created', widthRem: 9 },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
  helper.accessor('updatedAt', {
    header: 'Updated',
    meta: { label: 'Updated', widthRem: 9 },
    cell: ({ getValue }) => <Timestamp value={getValue()} />,
  }),
]);

/**
 * The identifier links to the user's page; what matched the search is marked. A plain link: the
 * row's click handler (useOpenUserRow) opens the page in place and remembers this list page for
 * "Back to users", so no row holds router hooks that a page change would run again 20 times.
 */
function UserLink({ user }: { user: ISessionUser }) {
  const term = useContext(SearchTermContext);
  return (
    <a
      href={routes.userDetails.hrefOf(user)}
      data-user-link=""
      dir="auto"
      className="rounded font-medium [overflow-wrap:anywhere] text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
    >
      <Highlight text={user.identifier} term={term} />
    </a>
  );
}
