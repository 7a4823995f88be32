import { useTable } from '@tanstack/react-table';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { CSSProperties, MouseEvent, ReactNode } from 'react';
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

export interface UsersTableProps {
  /** The rows on screen; undefined until the first page arrives (skeleton rows show). */
  users: ISessionUser[] | undefined;
  /** The next page's rows once they are here: built ahead, hidden. */
  usersAhead?: ISessionUser[];
  /** Users across all pages; undefined while unknown. */
  total: number | undefined;
  search: UsersSearch;
  onSearchChange: ChangeUsersSearch;
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
/** The narrowest the identifier column gets before the table scrolls sideways (1024 px and up). */
const IDENTIFIER_MIN_REM = 14;
const USER_NOUN = { one: 'user', other: 'users' };

export function UsersTable(props: UsersTableProps) {
  const { users, usersAhead, total, search, stale, onUserIntent } = props;
  const { columnVisibility, onColumnVisibilityChange } = useStoredColumnVisibility(
    'users-table:column-visibility',
    DEFAULT_COLUMN_VISIBILITY,
  );
  const paging = useUrlPagination(search, total, props.onSearchChange);
  const hoverIntent = useHoverIntent(onUserIntent);
  const openRow = useOpenUserRow();

  // The header's columns and the column menu; each page of rows has its own table (PageOfRows).
  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: EMPTY,
    initialState: { columnVisibility: DEFAULT_COLUMN_VISIBILITY },
    state: { columnVisibility },
    onColumnVisibilityChange,
  });
  const rowEvents = useMemo(
    () => ({ ...hoverIntent, onFocus: onUserIntent, onClick: openRow }),
    [hoverIntent, onUserIntent, openRow],
  );

  // Two tables, one on top of the other: the page shown, and the next page built ahead (hidden, but
  // styled and laid out while the page is read), so "Next page" only swaps which of them shows.
  // Odd pages use one, even pages the other; the one hidden keeps what it had (the page just left)
  // until the next page is here.
  const shownSlot = search.page % 2;
  // The page left is made invisible in the background: at the click it is only clipped away, so
  // the click's task does not style its rows again.
  const settledSlot = useDeferredValue(shownSlot);
  // While the pointer is on the page buttons, the page ahead stops being invisible: only clipped
  // away, so showing it restyles nothing. Otherwise, and from any Tab key on (before focus moves),
  // it cannot be focused or read.
  const [nearPaging, setNearPaging] = useState(false);
  const [slots, setSlots] = useState<Slots>([undefined, undefined]);
  const kept = slots[1 - shownSlot];
  const wanted: Slots = shownSlot === 0 ? [users, usersAhead ?? kept] : [usersAhead ?? kept, users];
  if (wanted[0] !== slots[0] || wanted[1] !== slots[1]) setSlots(wanted);

  const columns = table.getVisibleLeafColumns();
  const minWidthRem = columns.reduce((sum, column) => sum + (column.columnDef.meta?.widthRem ?? IDENTIFIER_MIN_REM), 0);
  const loading = users === undefined;
  const sort = sortOf(search);

  return (
    <div className="space-y-3" onKeyDown={(event) => event.key === 'Tab' && setNearPaging(false)}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">{props.toolbar}</div>
        <ColumnMenu table={table} />
      </div>

      {props.replacement ?? (
        <SearchTermContext value={search.q}>
          <div className="grid sm:overflow-x-auto sm:rounded-lg sm:border sm:border-slate-200 sm:dark:border-slate-800">
            {wanted.map((slotUsers, slot) => {
              const shown = slot === shownSlot;
              return (
                // Both in the same place; the hidden one takes no room and cannot be seen, focused or
                // pointed at, yet keeps its layout, so showing it lays out and moves nothing.
                <div
                  key={slot}
                  aria-hidden={shown ? undefined : true}
                  className={`self-start overflow-y-clip [grid-area:1/1] ${shown ? '' : `[contain:size] ${nearPaging || slot === settledSlot ? '' : 'invisible'}`}`}
                >
                  {/*
                    From 1024 px up the layout is fixed: the columns take the widths set in their
                    headers, so a page of rows lays out only its own cells instead of measuring
                    every cell of every column again. Below that the table sizes its columns from
                    their content, as there is no room to spare.
                  */}
                  <table
                    aria-busy={shown && (loading || stale)}
                    data-stale={shown && stale}
                    style={{ '--table-min-width': `${minWidthRem}rem` } as CSSProperties}
                    className={`w-full text-sm transition-opacity max-sm:block lg:table-fixed lg:min-w-(--table-min-width) ${shown && stale ? 'opacity-60' : ''}`}
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
                    <tbody className="divide-y divide-slate-200 max-sm:block max-sm:space-y-3 max-sm:divide-y-0 dark:divide-slate-800">
                      {shown && loading ? (
                        <SkeletonRows columns={columns} count={search.limit} />
                      ) : (
                        <DeferredWhileHidden
                          users={slotUsers ?? EMPTY}
                          hidden={!shown}
                          columnVisibility={columnVisibility}
                          events={rowEvents}
                        />
                      )}
                    </tbody>
                  </table>
                </div>
              );
            })}
          </div>
        </SearchTermContext>
      )}

      {/* An error before any page arrived has no total or pages to show. */}
      {!(props.replacement && total === undefined) && (
        <div onPointerEnter={() => setNearPaging(true)} onPointerLeave={() => setNearPaging(false)}>
          <DataTablePagination paging={paging} pageSizes={PAGE_SIZES} noun={USER_NOUN} />
        </div>
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

type Slots = [ISessionUser[] | undefined, ISessionUser[] | undefined];

interface RowEvents {
  onPointerEnter: (user: ISessionUser) => void;
  onPointerLeave: () => void;
  onFocus: ((user: ISessionUser) => void) | undefined;
  onClick: (event: MouseEvent<HTMLElement>, user: ISessionUser) => void;
}

interface PageOfRowsProps {
  users: ISessionUser[];
  columnVisibility: ColumnVisibilityState;
  events: RowEvents;
}

/** A hidden page's rows are built in the background, never in the task of an input. */
function DeferredWhileHidden({ hidden, users, ...rest }: PageOfRowsProps & { hidden: boolean }) {
  const deferred = useDeferredValue(users);
  return <PageOfRows users={hidden ? deferred : users} {...rest} />;
}

/**
 * One page of rows. Rendered again only when its users or the columns change: showing or hiding
 * it renders nothing here.
 */
const PageOfRows = memo(function PageOfRows({ users, columnVisibility, events }: PageOfRowsProps) {
  const table = useTable({
    features: usersTableFeatures,
    columns: usersColumns,
    data: users,
    getRowId: (user) => user._id,
    state: { columnVisibility },
  });
  // Keyed by place, not by user: another page of users in the same table updates the same rows'
  // text and links in place instead of removing them and building new ones. State that belongs to
  // a user (a copy button's "Copied") is keyed by that user inside the cell.
  return table.getRowModel().rows.map((row) => (
    <tr
      key={row.index}
      onPointerEnter={() => events.onPointerEnter(row.original)}
      onPointerLeave={events.onPointerLeave}
      onFocus={() => events.onFocus?.(row.original)}
      onClick={(event) => events.onClick(event, row.original)}
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
