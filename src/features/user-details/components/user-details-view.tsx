import { useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useNow } from '../../../components/ui/timestamp.tsx';
import type { UserDetailsParams, UserDetailsResult } from '../api/fetch-user-details.ts';
import { useRefetchAtNextExpiry } from '../hooks/use-refetch-at-next-expiry.ts';
import { useTimeZone } from '../hooks/use-time-zone.ts';
import { toTimedSessions } from '../model/sessions.ts';
import { serializeUserDetailsSearch } from '../search-params.ts';
import type { UserDetailsSearch } from '../search-params.ts';
import { SessionFigures } from './session-figures.tsx';
import { SessionHistory } from './session-history.tsx';
import { SessionTimeline } from './session-timeline.tsx';
import { UserHeader } from './user-header.tsx';

export interface UserDetailsViewProps {
  user: UserDetailsResult;
  params: UserDetailsParams;
  search: UserDetailsSearch;
  onRefetch: () => unknown;
}

export function UserDetailsView({ user, params, search, onRefetch }: UserDetailsViewProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const { timeZone } = useTimeZone();
  const now = useNow();
  const sessions = useMemo(() => toTimedSessions(user.sessions), [user.sessions]);
  useRefetchAtNextExpiry(sessions, onRefetch);

  // View changes replace the entry (Back leaves the page) and keep `state.from` for "Back to users".
  const changeSearch = (change: Partial<UserDetailsSearch>) =>
    navigate(
      { pathname: location.pathname, search: serializeUserDetailsSearch({ ...search, ...change }) },
      { replace: true, state: location.state, preventScrollReset: true },
    );

  return (
    <div className="space-y-8">
      <UserHeader user={user} params={params} search={search} timeZone={timeZone} now={now} />
      <SessionFigures user={user} sessions={sessions} timeZone={timeZone} now={now} />
      <SessionTimeline
        sessions={sessions}
        range={search.range}
        onRangeChange={(range) => changeSearch({ range })}
        now={now}
        timeZone={timeZone}
      />
      <SessionHistory
        user={user}
        sessions={sessions}
        filter={search}
        onFilterChange={(filter) => changeSearch(filter)}
        timeZone={timeZone}
        now={now}
      />
    </div>
  );
}
