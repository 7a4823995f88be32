import { useTable } from '@tanstack/react-table';
import { useDeferredValue, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { PAGE_SIZES } from '../../../contract/paging.ts';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { ColumnMenu } from '../../../components/data-table/column-menu.tsx';
import { DataTablePagination } from '../../../components/data-table/pagination.tsx';
import { useStoredColumnVisibility } from '../../../components/data-table/use-stored-column-visibility.ts';
import { useHoverIntent } from '../hooks/use-hover-intent.ts';
import { useOpenUserRow } from '../hooks/use-open-user-row.ts';
import { useUrlPagination } from '../hooks/use-url-pagination.ts';
import type { ChangeUsersSearch } from '../hooks/use-change-users-search.ts';
import { sortOf, type UsersSearch } from '../search-params.ts';
import { SearchTermContext } from '../search-term.ts';
import { SkeletonRows } from './skeleton-rows.tsx';
import { DEFAULT_COLUMN_VISIBILITY, usersColumns, usersTableFeatures } from './users-columns.tsx';
import { UsersRows } from './users-rows.tsx';

export interface UsersTableProps {
  /** The rows on screen; undefined until the first page arrives (skeleton rows show). */
  users: ISessionUser[] | undefined;
  /** Users across all pages; undefined while unknown. */
  total: number | undefined;
  search: UsersSearch;
  onSearchChange: ChangeUsersSearch;
  /** The rows are the previous page's, kept while the requested one loads. */
  stale: boolean;
  /** The next page's rows when already fetched: built ahead, hidden, so "Next page" only shows them. */
  nextUsers?: ISessionUser[];
  /** The person is about to open this user (hover or focus): a chance to prefetch. */
  onUserIntent?: (user: ISessionUser) => void;
  /** Left side of the toolbar (filters). */
  toolbar?: ReactNode;
  /** Shown instead of the table (error, empty, past the end). */
  replacement?: ReactNode;
}

const EMPTY: ISessionUser[] = [];
type Slots = readonly [ISessionUser[] | undefined, ISessionUser[] | undefined];
const NO_SLOTS: Slots = [undefined, undefined];
const SLOTS = [0, 1] as const;
const withSlot = (slots: Slots, slot: number, users: ISessionUser[]): Slots =>
  slot === 0 ? [users, slots[1]] : [slots[0], users];
/** The narrowest the identifier column gets before the table scrolls sideways (1024 px and up). */
const IDENTIFIER_MIN_REM = 14;
const USER_NOUN = { one: 'user', other: 'users' };

export function UsersTable(props: UsersTableProps) {
  const { users, total, search, stale, nextUsers, onUserIntent } = props;
  const { columnVisibility, onColumnVisibilityChange } = useStoredColumnVisibility(
    'users-table:column-visibility',
    DEFAULT_COLUMN_VISIBILITY,
  );
  const paging = useUrlPagination(search, total, props.onSearchChange);
  const hoverIntent = useHoverIntent(onUserIntent);
  const openRow = useOpenUserRow();

  // The header and the column menu; each page's rows have their own table (UsersRows).
  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: EMPTY,
    initialState: { columnVisibility: DEFAULT_COLUMN_VISIBILITY },
    state: { columnVisibility },
    onColumnVisibilityChange,
  });

  // Two bodies: the page on screen and, hidden, the next page once it is fetched, built ahead in
  // the background (a deferred render), so "Next page" only swaps which body shows: the click
  // renders no row. Page n shows in body n % 2; a body keeps its rows until it is handed others.
  const shown = search.page % 2;
  const ahead = useDeferredValue(nextUsers);
  const [slots, setSlots] = useState<Slots>(NO_SLOTS);
  let current = slots;
  if (users && current[shown] !== users) current = withSlot(current, shown, users);
  if (ahead && ahead !== users && current[1 - shown] !== ahead) current = withSlot(current, 1 - shown, ahead);
  if (current !== slots) setSlots(current);

  const columns = table.getVisibleLeafColumns();
  const minWidthRem = columns.reduce((sum, column) => sum + (column.columnDef.meta?.widthRem ?? IDENTIFIER_MIN_REM), 0);
  const loading = users === undefined;
  const sort = sortOf(search);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">{props.toolbar}</div>
        <ColumnMenu table={table} />
      </div>

      {props.replacement ?? (
        <SearchTermContext value={search.q}>
          <div className="sm:overflow-x-auto sm:rounded-lg sm:border sm:border-slate-200 sm:dark:border-slate-800">
            {/*
              From 1024 px up the layout is fixed: the columns take the widths set in their
              headers, so another page of rows lays out only its own cells instead of measuring
              every cell of every column again (most of "Next page"'s layout time). Below that
              the table sizes its columns from their content, as there is no room to spare.
            */}
            <table
              aria-busy={loading || stale}
              data-stale={stale}
              style={{ '--table-min-width': `${minWidthRem}rem` } as CSSProperties}
              className={`w-full text-sm transition-opacity max-sm:block lg:table-fixed lg:min-w-(--table-min-width) ${stale ? 'opacity-60' : ''}`}
            >
              <caption className="sr-only">Users</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase max-sm:sr-only dark:bg-slate-900 dark:text-slate-300">
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => {
                      const { sort: sortsBy, widthRem } = header.column.columnDef.meta ?? {};
                      return (
                        <th
                          key={header.id}
                          scope="col"
                          aria-sort={sortsBy !== undefined && sortsBy === sort ? 'descending' : undefined}
                          style={
                            widthRem === undefined
                              ? undefined
                              : ({ '--column-width': `${widthRem}rem` } as CSSProperties)
                          }
                          className="px-3 py-2.5 whitespace-nowrap lg:w-(--column-width)"
                        >
                          {sortsBy === undefined ? (
                            header.isPlaceholder ? null : (
                              <table.FlexRender header={header} />
                            )
                          ) : (
                            <SortButton
                              label={header.column.columnDef.meta?.label ?? sortsBy}
                              active={sortsBy === sort}
                              onClick={() => props.onSearchChange({ sort: sortsBy })}
                            />
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              {SLOTS.map((slot) => {
                const slotUsers = current[slot];
                const userAt = (target: EventTarget | null) => {
                  const row = target instanceof Element ? target.closest<HTMLTableRowElement>('tbody > tr') : null;
                  return row ? slotUsers?.[row.sectionRowIndex] : undefined;
                };
                return (
                  <tbody
                    key={slot}
                    hidden={slot !== shown}
                    onPointerOver={(event) => {
                      const user = userAt(event.target);
                      // Entering a row (not moving between the parts of one).
                      if (user && user !== userAt(event.relatedTarget)) hoverIntent.onPointerEnter(user);
                    }}
                    onPointerLeave={hoverIntent.onPointerLeave}
                    onFocus={(event) => {
                      const user = userAt(event.target);
                      if (user) onUserIntent?.(user);
                    }}
                    onClick={(event) => {
                      const user = userAt(event.target);
                      if (user) openRow(event, user);
                    }}
                    className="divide-y divide-slate-200 max-sm:block max-sm:space-y-3 max-sm:divide-y-0 dark:divide-slate-800"
                  >
                    {slot === shown && loading ? (
                      <SkeletonRows columns={columns} count={search.limit} />
                    ) : (
                      slotUsers && <UsersRows users={slotUsers} columnVisibility={columnVisibility} />
                    )}
                  </tbody>
                );
              })}
            </table>
          </div>
        </SearchTermContext>
      )}

      {/* An error before any page arrived has no total or pages to show. */}
      {!(props.replacement && total === undefined) && (
        <DataTablePagination paging={paging} pageSizes={PAGE_SIZES} noun={USER_NOUN} />
      )}
    </div>
  );
}

/** A sortable column's header: orders the table by that time, newest first (the only direction). */
function SortButton({ label, active, onClick }: { label: string; active: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={`Sort by ${label.toLowerCase()}, newest first`}
      className={`-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 tracking-wide uppercase hover:bg-slate-200/70 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white ${active ? 'text-slate-900 dark:text-white' : ''}`}
    >
      {label}
      <span aria-hidden="true" className={active ? '' : 'opacity-40'}>
        ↓
      </span>
    </button>
  );
}
