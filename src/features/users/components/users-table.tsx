import { functionalUpdate, useTable } from '@tanstack/react-table';
import type { ColumnVisibilityState, PaginationState, Updater } from '@tanstack/react-table';
import { useEffect, useRef, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import * as z from 'zod/mini';
import { PAGE_SIZES } from '../../../contract/session-users.ts';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { ColumnMenu } from '../../../components/data-table/column-menu.tsx';
import { DataTablePagination } from '../../../components/data-table/pagination.tsx';
import { Skeleton } from '../../../components/ui/skeleton.tsx';
import { readStored, writeStored } from '../../../lib/storage.ts';
import { routes } from '../../../lib/routes.ts';
import type { PageSize, UsersSearch } from '../search-params.ts';
import { DEFAULT_COLUMN_VISIBILITY, usersColumns, usersTableFeatures } from './users-columns.tsx';

export interface UsersTableProps {
  /** The rows on screen; undefined until the first page arrives (skeleton rows show). */
  users: ISessionUser[] | undefined;
  /** Users across all pages; undefined while unknown. */
  total: number | undefined;
  search: UsersSearch;
  onSearchChange: (change: Partial<UsersSearch>) => void;
  /** The rows are the previous page's, kept while the requested one loads. */
  stale: boolean;
  /** The person is about to open this user (hover or focus): a chance to prefetch. */
  onUserIntent?: (user: ISessionUser) => void;
  /** Left side of the toolbar (filters). */
  toolbar?: ReactNode;
  /** Shown instead of the table (error, empty, past the end). */
  replacement?: ReactNode;
}

const EMPTY: ISessionUser[] = [];
const VISIBILITY_KEY = 'users-table:column-visibility';
const visibilitySchema = z.record(z.string(), z.boolean());
const HOVER_INTENT_MS = 80;

const INTERACTIVE = 'a, button, input, select, textarea, time, [role="button"]';

export function UsersTable(props: UsersTableProps) {
  const { users, total, search, onSearchChange, stale, onUserIntent } = props;
  const navigate = useNavigate();
  const location = useLocation();
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(
    () => readStored(VISIBILITY_KEY, visibilitySchema) ?? DEFAULT_COLUMN_VISIBILITY,
  );
  const pagination: PaginationState = { pageIndex: search.page - 1, pageSize: search.limit };

  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: users ?? EMPTY,
    getRowId: (user) => user._id,
    manualPagination: true,
    autoResetPageIndex: false,
    rowCount: total ?? 0,
    state: { pagination, columnVisibility },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      // A new page size starts again at page 1 (changeUsersSearch does that when no page is given).
      if (next.pageSize !== pagination.pageSize) onSearchChange({ limit: next.pageSize as PageSize });
      else if (next.pageIndex !== pagination.pageIndex) onSearchChange({ page: next.pageIndex + 1 });
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      setColumnVisibility((current) => {
        const next = functionalUpdate(updater, current);
        writeStored(VISIBILITY_KEY, next);
        return next;
      });
    },
  });

  const hoverTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(hoverTimer.current), []);
  const intentSoon = (user: ISessionUser) => {
    if (!onUserIntent) return;
    clearTimeout(hoverTimer.current);
    hoverTimer.current = setTimeout(() => onUserIntent(user), HOVER_INTENT_MS);
  };

  const openRow = (event: MouseEvent<HTMLTableRowElement>, user: ISessionUser) => {
    if ((event.target as Element).closest(INTERACTIVE)) return;
    if (window.getSelection()?.toString()) return;
    navigate(routes.userDetails.hrefOf(user), { state: { from: `${location.pathname}${location.search}` } });
  };

  const columns = table.getVisibleLeafColumns();
  const leafColumns = table.getAllLeafColumns();
  const loading = users === undefined;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">{props.toolbar}</div>
        <ColumnMenu
          items={leafColumns.map((column) => ({
            id: column.id,
            label: column.columnDef.meta?.label ?? column.id,
            visible: column.getIsVisible(),
            locked: !column.getCanHide(),
          }))}
          onToggle={(id, visible) => table.getColumn(id)?.toggleVisibility(visible)}
          onReset={() => table.setColumnVisibility(DEFAULT_COLUMN_VISIBILITY)}
        />
      </div>

      {props.replacement ?? (
        <div className="sm:overflow-x-auto sm:rounded-lg sm:border sm:border-slate-200 sm:dark:border-slate-800">
          <table
            aria-busy={loading || stale}
            data-stale={stale}
            className={`w-full text-sm transition-opacity max-sm:block ${stale ? 'opacity-60' : ''}`}
          >
            <caption className="sr-only">Users</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase max-sm:sr-only dark:bg-slate-900 dark:text-slate-300">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={header.column.id === 'last_seen' ? 'descending' : undefined}
                      className="px-3 py-2.5 whitespace-nowrap"
                    >
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                      {header.column.id === 'last_seen' && (
                        <span aria-hidden="true" className="ml-1">
                          ↓
                        </span>
                      )}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-slate-200 max-sm:block max-sm:space-y-3 max-sm:divide-y-0 dark:divide-slate-800">
              {loading
                ? Array.from({ length: search.limit }, (_, index) => (
                    <tr
                      key={index}
                      className="h-12 max-sm:block max-sm:h-auto max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 dark:max-sm:border-slate-800"
                    >
                      {columns.map((column) => (
                        <td
                          key={column.id}
                          className="px-3 py-2 max-sm:flex max-sm:items-center max-sm:gap-3 max-sm:px-0 max-sm:py-1"
                        >
                          <span
                            aria-hidden="true"
                            className="w-28 shrink-0 text-xs text-slate-500 sm:hidden dark:text-slate-400"
                          >
                            {column.columnDef.meta?.label}
                          </span>
                          <Skeleton className={`h-4 ${column.columnDef.meta?.skeletonWidth ?? 'w-24'}`} />
                        </td>
                      ))}
                    </tr>
                  ))
                : table.getRowModel().rows.map((row) => (
                    <tr
                      key={row.id}
                      onPointerEnter={() => intentSoon(row.original)}
                      onPointerLeave={() => clearTimeout(hoverTimer.current)}
                      onFocus={() => onUserIntent?.(row.original)}
                      onClick={(event) => openRow(event, row.original)}
                      className="h-12 cursor-pointer max-sm:h-auto hover:bg-slate-50 focus-within:bg-slate-50 max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 dark:hover:bg-slate-900/60 dark:focus-within:bg-slate-900/60 dark:max-sm:border-slate-800"
                    >
                      {row.getVisibleCells().map((cell) => (
                        <td
                          key={cell.id}
                          className={`px-3 py-2 align-middle max-sm:flex max-sm:min-w-0 max-sm:items-center max-sm:gap-3 max-sm:px-0 max-sm:py-1 ${cell.column.columnDef.meta?.className ?? ''}`}
                        >
                          <span
                            aria-hidden="true"
                            className="w-28 shrink-0 text-xs text-slate-500 sm:hidden dark:text-slate-400"
                          >
                            {cell.column.columnDef.meta?.label}
                          </span>
                          <span className="min-w-0">
                            <table.FlexRender cell={cell} />
                          </span>
                        </td>
                      ))}
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}

      {/* An error before any page arrived has no total or pages to show. */}
      {!(props.replacement && total === undefined) && (
        <DataTablePagination
          page={search.page}
          pageCount={table.getPageCount()}
          pageSize={search.limit}
          pageSizes={PAGE_SIZES}
          total={total}
          noun={{ one: 'user', other: 'users' }}
          canPrevious={table.getCanPreviousPage()}
          canNext={table.getCanNextPage()}
          onFirst={() => table.firstPage()}
          onPrevious={() => table.previousPage()}
          onNext={() => table.nextPage()}
          onLast={() => table.lastPage()}
          onPageSizeChange={(size) => table.setPageSize(size)}
        />
      )}
    </div>
  );
}
