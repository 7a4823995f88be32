import { useCallback, useContext } from 'react';
import { UNSAFE_NavigationContext } from 'react-router-dom';

export interface NavigateToOptions {
  replace?: boolean;
  /** History state for the next page (read with useLocation().state). */
  state?: unknown;
}

/**
 * Navigates to an absolute address of the route table (lib/routes.ts). Unlike React Router's
 * `useNavigate`, which reads the location to resolve relative paths, this reads only the router's
 * history, so a component that navigates does not render again on every change of address: the
 * header's controls stay untouched when "Next page" changes the page.
 */
export function useNavigateTo(): (to: string, options?: NavigateToOptions) => void {
  const { navigator } = useContext(UNSAFE_NavigationContext);
  return useCallback(
    (to, options = {}) => {
      if (options.replace) navigator.replace(to, options.state);
      else navigator.push(to, options.state);
    },
    [navigator],
  );
}
