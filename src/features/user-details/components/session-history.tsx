import { useMemo, useState } from 'react';
import { fetchUserDetails } from '../api/fetch-user-details.ts';
import type { UserDetailsParams, UserDetailsResult } from '../api/fetch-user-details.ts';
import { userDetailsKeys } from '../api/query-keys.ts';
import type { ExportIdentity } from '../export/session-rows.ts';
import { groupByDay } from '../model/day-groups.ts';
import { filterSessions, isFiltered } from '../model/session-filter.ts';
import type { HistoryFilter } from '../model/session-filter.ts';
import { toTimedSessions } from '../model/sessions.ts';
import type { SessionTime, TimedSession } from '../model/sessions.ts';
import { Button } from '../../../components/ui/button.tsx';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { HistoryFilters } from './history-filters.tsx';
import { SessionList } from './session-list.tsx';

/** The history's paging, as the page's infinite query gives it. */
export interface HistoryPaging {
  hasNextPage: boolean;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
  refetch: () => unknown;
}

export interface SessionHistoryProps {
  user: UserDetailsResult;
  params: UserDetailsParams;
  /** The sessions loaded so far, newest first: the first pages of the history. */
  rows: readonly TimedSession[];
  /** Every session's times, newest first: the whole history the filter counts over. */
  all: readonly SessionTime[];
  paging: HistoryPaging;
  filter: HistoryFilter;
  onFilterChange: (filter: Partial<HistoryFilter>) => void;
  timeZone: string;
  now: number;
}

const count = new Intl.NumberFormat('en');
const CLEARED: HistoryFilter = { status: 'all', from: undefined, to: undefined };

/**
 * Every session, newest first, grouped by day: the accessible record of the timeline above. The
 * filter is counted over the whole history (its times came with the first page); the matching
 * sessions load page by page as the reader reaches them, and an export asks for the whole history.
 */
export function SessionHistory(props: SessionHistoryProps) {
  const { user, params, rows, all, paging, filter, onFilterChange, timeZone, now } = props;
  const { status, from, to } = filter;
  const shown = useMemo(() => filterSessions(rows, { status, from, to }, timeZone), [rows, status, from, to, timeZone]);
  const matchingTimes = useMemo(
    () => filterSessions(all, { status, from, to }, timeZone),
    [all, status, from, to, timeZone],
  );
  const matching = matchingTimes.length;
  // The day headings come from every matching session's time, in the list's order: the list is laid
  // out once, and a page that arrives fills in rows without moving any.
  const grouping = useMemo(() => groupByDay(matchingTimes, timeZone), [matchingTimes, timeZone]);
  const activeCount = useMemo(() => all.reduce((total, s) => total + (s.active ? 1 : 0), 0), [all]);
  const { hasNextPage, isFetching, isFetchNextPageError, error, fetchNextPage } = paging;
  // A page that failed (after the query's own retries) stops the paging until the reader asks
  // again: a refresh of the pages already here succeeding does not hide the failure.
  const [pagingError, setPagingError] = useState<unknown>(null);
  const failed = isFetchNextPageError ? error : null;
  const [seenFailure, setSeenFailure] = useState<unknown>(null);
  if (failed !== seenFailure) {
    setSeenFailure(failed);
    if (failed !== null) setPagingError(failed);
  }
  // Until the last page is here, the history's times say how many match; then the rows do.
  const sessionCount = hasNextPage ? Math.max(all.length, rows.length) : rows.length;
  const matchCount = hasNextPage ? Math.max(matching, shown.length) : shown.length;
  const loadMore = useMemo(
    () => (hasNextPage && !isFetching && pagingError === null ? () => void fetchNextPage() : undefined),
    [hasNextPage, isFetching, pagingError, fetchNextPage],
  );
  const identity: ExportIdentity = {
    identifier: user.identifier,
    ductape_user_id: user.ductape_user_id,
    product_tag: user.product_tag,
    session_tag: user.session_tag,
    env: user.env,
  };
  const filtered = isFiltered(filter);
  // What is shown, all of it: the rows when every page is here, else the whole history at once.
  const loadShown = async () => {
    const whole = hasNextPage ? toTimedSessions((await fetchUserDetails(params)).sessions) : rows;
    return filterSessions(whole, filter, timeZone);
  };

  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          Session history
        </h2>
        <ExportButtons identity={identity} count={matchCount} load={loadShown} filter={filter} timeZone={timeZone} />
      </div>
      <HistoryFilters
        filter={filter}
        onChange={onFilterChange}
        counts={{ all: all.length, active: activeCount, expired: all.length - activeCount }}
      />
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {filtered
          ? `Showing ${count.format(matchCount)} of ${count.format(sessionCount)} sessions`
          : `${count.format(sessionCount)} ${sessionCount === 1 ? 'session' : 'sessions'}, newest first`}
      </p>
      {matchCount === 0 ? (
        <EmptyState
          title={sessionCount === 0 ? 'This user has no sessions' : 'No sessions match these filters'}
          action={
            filtered && (
              <Button onClick={() => onFilterChange(CLEARED)} variant="secondary">
                Clear filters
              </Button>
            )
          }
        />
      ) : (
        <SessionList
          sessions={shown}
          setSize={matchCount}
          onNeedMore={loadMore}
          grouping={grouping}
          timeZone={timeZone}
          now={now}
        />
      )}
      {pagingError !== null ? (
        <ErrorPanel
          title="Could not load more sessions"
          error={pagingError}
          queryKey={userDetailsKeys.detail(params)}
          onRetry={() => {
            setPagingError(null);
            void fetchNextPage();
          }}
        />
      ) : (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {paging.isFetchingNextPage &&
            `Loading more sessions… ${count.format(shown.length)} of ${count.format(matchCount)} here so far.`}
        </p>
      )}
    </section>
  );
}
