import { matchPath } from 'react-router-dom';
import { routes } from '../lib/routes.ts';
import { lazyRoute } from './lazy-route.ts';

/** The app's pages (their patterns are in the route table, lib/routes.ts), each in its own chunk. */
export const routeModules = {
  login: lazyRoute(() => import('./routes/login.tsx')),
  home: lazyRoute(() => import('./routes/home.tsx')),
  users: lazyRoute(() => import('./routes/users.tsx')),
  userDetails: lazyRoute(() => import('./routes/user-details.tsx')),
  overview: lazyRoute(() => import('./routes/overview.tsx')),
  userById: lazyRoute(() => import('./routes/user-by-id.tsx')),
  notFound: lazyRoute(() => import('./routes/not-found.tsx')),
};

export type PageName = keyof typeof routeModules;
const PAGES: Exclude<PageName, 'notFound'>[] = ['login', 'home', 'users', 'userDetails', 'overview', 'userById'];

/**
 * The page at `pathname`: the first whose route-table pattern matches it (no two overlap), the
 * not-found page when none does. The router renders it and the preloads below fetch its code.
 */
export function pageNameAt(pathname: string): PageName {
  return PAGES.find((name) => matchPath(routes[name].pattern, pathname)) ?? 'notFound';
}

/** Starts downloading the code of the page at `pathname` (the not-found page when none matches). */
export function preloadPage(pathname: string): Promise<unknown> {
  return routeModules[pageNameAt(pathname)].preload();
}

/** The code of the page at `pathname` is here (hovered, visited or preloaded). */
export function pageLoaded(pathname: string): boolean {
  return routeModules[pageNameAt(pathname)].loaded();
}
