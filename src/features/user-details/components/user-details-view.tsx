import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useNow } from '../../../components/ui/timestamp.tsx';
import type { UserDetailsParams, UserDetailsResult } from '../api/fetch-user-details.ts';
import { useRefetchAtNextExpiry } from '../hooks/use-refetch-at-next-expiry.ts';
import { useTimeZone } from '../hooks/use-time-zone.ts';
import { historyIndex, timesToSessions, toTimedSessions } from '../model/sessions.ts';
import type { SessionTime, TimedSession } from '../model/sessions.ts';
import { serializeUserDetailsSearch } from '../search-params.ts';
import type { UserDetailsSearch } from '../search-params.ts';
import { SessionFigures } from './session-figures.tsx';
import { SessionHistory } from './session-history.tsx';
import type { HistoryPaging } from './session-history.tsx';
import { SessionTimeline } from './session-timeline.tsx';
import { UserHeader } from './user-header.tsx';

export interface UserDetailsViewProps {
  /** The pages of history loaded so far: the first has the user, the totals and every session's times. */
  pages: readonly UserDetailsResult[];
  paging: HistoryPaging;
  params: UserDetailsParams;
  search: UserDetailsSearch;
}

/** Each page's sessions are parsed once, however many pages come after it. */
const parsedPages = new WeakMap<UserDetailsResult, TimedSession[]>();
function pageSessions(page: UserDetailsResult): TimedSession[] {
  let sessions = parsedPages.get(page);
  if (!sessions) parsedPages.set(page, (sessions = toTimedSessions(page.sessions)));
  return sessions;
}

export function UserDetailsView({ pages, paging, params, search }: UserDetailsViewProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const { timeZone } = useTimeZone();
  const now = useNow();
  const user = pages[0] as UserDetailsResult;
  // The sessions loaded so far, newest first, and every session's times (figures, timeline, filter counts).
  const rows = useMemo(() => pages.flatMap(pageSessions), [pages]);
  const times = user.session_times;
  // Read once per answer, not per page: a new `all` lays out the timeline and recounts the figures.
  const fromTimes = useMemo(() => times && timesToSessions(times), [times]);
  const all: readonly SessionTime[] = fromTimes ?? rows;
  useRefetchAtNextExpiry(all, paging.refetch);
  // The timeline's sessions carry no IDs; those already loaded are named when pointed at.
  const idOf = useCallback(
    (session: SessionTime) => {
      if (session.id !== undefined) return session.id;
      const row = rows[historyIndex(session, all.length)];
      return row?.start === session.start ? row.id : undefined;
    },
    [rows, all.length],
  );

  // View changes replace the entry (Back leaves the page) and keep `state.from` for "Back to users".
  const changeSearch = (change: Partial<UserDetailsSearch>) =>
    navigate(
      { pathname: location.pathname, search: serializeUserDetailsSearch({ ...search, ...change }) },
      { replace: true, state: location.state, preventScrollReset: true },
    );

  return (
    <div className="space-y-8">
      <UserHeader user={user} params={params} search={search} timeZone={timeZone} now={now} />
      <SessionFigures user={user} sessions={all} timeZone={timeZone} now={now} />
      <SessionTimeline
        sessions={all}
        idOf={idOf}
        range={search.range}
        onRangeChange={(range) => changeSearch({ range })}
        now={now}
        timeZone={timeZone}
      />
      <SessionHistory
        user={user}
        params={params}
        rows={rows}
        all={all}
        paging={paging}
        filter={search}
        onFilterChange={(filter) => changeSearch(filter)}
        timeZone={timeZone}
        now={now}
      />
    </div>
  );
}
