import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { changeUsersSearch, serializeUsersSearch } from '../search-params.ts';
import type { UsersSearch, UsersSearchChange } from '../search-params.ts';

export type ChangeUsersSearch = (change: UsersSearchChange, options?: { replace?: boolean }) => void;

/**
 * Moves the users page to another view, canonical address: a new history entry (Back returns),
 * or with `replace` the same entry (refining a search as it is typed).
 */
export function useChangeUsersSearch(search: UsersSearch): ChangeUsersSearch {
  const location = useLocation();
  const navigate = useNavigate();
  return useCallback(
    (change: UsersSearchChange, options: { replace?: boolean } = {}) => {
      const next = serializeUsersSearch(changeUsersSearch(search, change));
      if (next !== location.search)
        navigate({ pathname: location.pathname, search: next }, { replace: options.replace });
    },
    [search, location.pathname, location.search, navigate],
  );
}
