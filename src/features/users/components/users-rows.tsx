import { useTable } from '@tanstack/react-table';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { memo } from 'react';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { usersColumns, usersTableFeatures } from './users-columns.tsx';

export interface UsersRowsProps {
  users: ISessionUser[];
  columnVisibility: ColumnVisibilityState;
}

/**
 * One page of users as table rows. Rendered again only when its users or the visible columns
 * change: showing a page built ahead (users-table.tsx) re-renders none of its rows. The row's
 * events are handled by its `<tbody>` (one handler for all rows, which need no props of their own).
 */
export const UsersRows = memo(function UsersRows({ users, columnVisibility }: UsersRowsProps) {
  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: users,
    state: { columnVisibility },
  });
  // Keyed by place, not by user: another page of users updates the same 20 rows' text and links
  // in place instead of removing them and building 20 new ones. State that belongs to a user (a
  // copy button's "Copied") is keyed by that user inside the cell.
  return table.getRowModel().rows.map((row) => (
    <tr
      key={row.index}
      className="h-12 cursor-pointer max-sm:h-auto hover:bg-slate-50 focus-within:bg-slate-50 max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 dark:hover:bg-slate-900/60 dark:focus-within:bg-slate-900/60 dark:max-sm:border-slate-800"
    >
      {row.getVisibleCells().map((cell) => (
        <td
          key={cell.column.id}
          className={`px-3 py-2 align-middle max-sm:flex max-sm:min-w-0 max-sm:items-center max-sm:gap-3 max-sm:px-0 max-sm:py-1 ${cell.column.columnDef.meta?.className ?? ''}`}
        >
          <span aria-hidden="true" className="w-28 shrink-0 text-xs text-slate-500 sm:hidden dark:text-slate-400">
            {cell.column.columnDef.meta?.label}
          </span>
          <span className="min-w-0">
            <table.FlexRender cell={cell} />
          </span>
        </td>
      ))}
    </tr>
  ));
});
