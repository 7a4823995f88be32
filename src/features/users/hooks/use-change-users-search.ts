import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { changeUsersSearch, serializeUsersSearch } from '../search-params.ts';
import type { UsersSearch } from '../search-params.ts';

/** Moves the users page to another view: a new history entry (Back returns), canonical address. */
export function useChangeUsersSearch(search: UsersSearch): (change: Partial<UsersSearch>) => void {
  const location = useLocation();
  const navigate = useNavigate();
  return useCallback(
    (change: Partial<UsersSearch>) => {
      const next = serializeUsersSearch(changeUsersSearch(search, change));
      if (next !== location.search) navigate({ pathname: location.pathname, search: next });
    },
    [search, location.pathname, location.search, navigate],
  );
}
