import { useLocation } from 'react-router-dom';
import { matchRoute } from '../lib/routes.ts';
import type { RouteParams } from '../lib/routes.ts';

/**
 * The params of a route-table pattern in the current address, each decoded exactly once.
 * Route modules read params with this rather than `useParams()` (see `matchRoute`).
 */
export function useRouteParams<Pattern extends string>(pattern: Pattern): RouteParams<Pattern> | undefined {
  return matchRoute(pattern, useLocation().pathname);
}
