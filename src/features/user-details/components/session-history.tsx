import { useMemo } from 'react';
import type { UserDetailsResult } from '../api/fetch-user-details.ts';
import type { ExportIdentity } from '../export/session-rows.ts';
import { groupByDay } from '../model/day-groups.ts';
import { filterSessions, isFiltered } from '../model/session-filter.ts';
import type { HistoryFilter } from '../model/session-filter.ts';
import type { TimedSession } from '../model/sessions.ts';
import { Button } from '../../../components/ui/button.tsx';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { ExportButtons } from './export-buttons.tsx';
import { HistoryFilters } from './history-filters.tsx';
import { SessionList } from './session-list.tsx';

export interface SessionHistoryProps {
  user: UserDetailsResult;
  sessions: readonly TimedSession[];
  filter: HistoryFilter;
  onFilterChange: (filter: Partial<HistoryFilter>) => void;
  timeZone: string;
  now: number;
}

const count = new Intl.NumberFormat('en');
const CLEARED: HistoryFilter = { status: 'all', from: undefined, to: undefined };

/** Every session, newest first, grouped by day: the accessible record of the timeline above. */
export function SessionHistory({ user, sessions, filter, onFilterChange, timeZone, now }: SessionHistoryProps) {
  const { status, from, to } = filter;
  const shown = useMemo(
    () => filterSessions(sessions, { status, from, to }, timeZone),
    [sessions, status, from, to, timeZone],
  );
  const grouping = useMemo(() => groupByDay(shown, timeZone), [shown, timeZone]);
  const activeCount = useMemo(() => sessions.reduce((total, s) => total + (s.active ? 1 : 0), 0), [sessions]);
  const identity: ExportIdentity = {
    identifier: user.identifier,
    ductape_user_id: user.ductape_user_id,
    product_tag: user.product_tag,
    session_tag: user.session_tag,
    env: user.env,
  };
  const filtered = isFiltered(filter);

  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          Session history
        </h2>
        <ExportButtons identity={identity} sessions={shown} filter={filter} timeZone={timeZone} />
      </div>
      <HistoryFilters
        filter={filter}
        onChange={onFilterChange}
        counts={{ all: sessions.length, active: activeCount, expired: sessions.length - activeCount }}
      />
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {filtered
          ? `Showing ${count.format(shown.length)} of ${count.format(sessions.length)} sessions`
          : `${count.format(sessions.length)} ${sessions.length === 1 ? 'session' : 'sessions'}, newest first`}
      </p>
      {shown.length === 0 ? (
        <EmptyState
          title={sessions.length === 0 ? 'This user has no sessions' : 'No sessions match these filters'}
          action={
            filtered && (
              <Button onClick={() => onFilterChange(CLEARED)} variant="secondary">
                Clear filters
              </Button>
            )
          }
        />
      ) : (
        <SessionList sessions={shown} grouping={grouping} timeZone={timeZone} now={now} />
      )}
    </section>
  );
}
