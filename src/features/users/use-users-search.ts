import { useCallback, useEffect, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { changeUsersSearch, parseUsersSearch, serializeUsersSearch } from './search-params.ts';
import type { UsersSearch, UsersSearchProblem } from './search-params.ts';

interface NoticeState {
  usersSearchProblems?: UsersSearchProblem[];
}

/**
 * The users page state from the address. A bad or non-canonical address is replaced (not
 * pushed, so Back still works) by its corrected form, and what was corrected is kept in the
 * history entry's state so the page can explain it.
 */
export function useUsersSearch(environments: readonly string[] | undefined) {
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = useMemo(
    () => parseUsersSearch(new URLSearchParams(location.search), environments),
    [location.search, environments],
  );
  const { canonical, problems, search } = parsed;

  useEffect(() => {
    if (canonical === location.search) return;
    const previous = (location.state as NoticeState | null)?.usersSearchProblems ?? [];
    const state: NoticeState = { usersSearchProblems: [...previous, ...problems] };
    navigate({ pathname: location.pathname, search: canonical, hash: location.hash }, { replace: true, state });
  }, [canonical, problems, location.search, location.pathname, location.hash, location.state, navigate]);

  const setSearch = useCallback(
    (change: Partial<UsersSearch>) => {
      const next = serializeUsersSearch(changeUsersSearch(search, change));
      if (next !== location.search) navigate({ pathname: location.pathname, search: next });
    },
    [search, location.pathname, location.search, navigate],
  );

  const dismissNotices = useCallback(() => {
    navigate(
      { pathname: location.pathname, search: location.search, hash: location.hash },
      { replace: true, state: {} },
    );
  }, [location.pathname, location.search, location.hash, navigate]);

  const stored = (location.state as NoticeState | null)?.usersSearchProblems ?? [];
  const notices = [...new Set([...stored, ...problems].map((problem) => problem.message))];
  return { search, setSearch, notices, dismissNotices };
}
